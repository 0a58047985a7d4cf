import { ReconstruccionRepositoryFake } from '../../../../test/support/reconstruccion.fakes';
import type { Reconstruccion } from '../../../domain/reconstruccion/reconstruccion.aggregate';
import type { ReconstruccionRunner } from '../../reconstruccion/reconstruccion.runner';
import { SolicitarReconstruccionCommand } from './solicitar-reconstruccion.command';
import { SolicitarReconstruccionHandler } from './solicitar-reconstruccion.handler';

describe('SolicitarReconstruccionHandler', () => {
  function preparar() {
    const repo = new ReconstruccionRepositoryFake();
    const lanzadas: Reconstruccion[] = [];
    const runner = { lanzar: (r: Reconstruccion) => lanzadas.push(r) } as unknown as ReconstruccionRunner;
    return { repo, lanzadas, handler: new SolicitarReconstruccionHandler(repo, runner) };
  }

  it('records a rebuild EN_CURSO into the inactive set and starts it', async () => {
    const { repo, lanzadas, handler } = preparar();
    repo.activo = 'b';
    const r = await handler.execute(new SolicitarReconstruccionCommand());
    expect(r.getProps()).toMatchObject({ estado: 'EN_CURSO', fase: 'PREPARANDO', destino: 'a', origen: 'b' });
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lanzadas).toEqual([r]);
  });

  it('refuses a second one while the first runs (409) and starts nothing', async () => {
    const { lanzadas, handler } = preparar();
    const primera = await handler.execute(new SolicitarReconstruccionCommand());
    await expect(handler.execute(new SolicitarReconstruccionCommand())).rejects.toMatchObject({
      code: 'RECONSTRUCCION.EN_CURSO',
      kind: 'conflict',
      details: { rebuild_id: primera.id },
    });
    expect(lanzadas).toHaveLength(1);
  });

  it('accepts a new one once the previous one failed', async () => {
    const { handler } = preparar();
    const primera = await handler.execute(new SolicitarReconstruccionCommand());
    primera.fallar('x', new Date());
    await expect(handler.execute(new SolicitarReconstruccionCommand())).resolves.toMatchObject({ estado: 'EN_CURSO' });
  });
});
