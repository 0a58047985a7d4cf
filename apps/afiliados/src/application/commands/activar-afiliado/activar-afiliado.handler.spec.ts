import { repositorioConAfiliado } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { ActivarAfiliadoCommand } from './activar-afiliado.command';
import { ActivarAfiliadoHandler } from './activar-afiliado.handler';

const ID = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

describe('ActivarAfiliadoHandler', () => {
  it('PENDIENTE → ACTIVO: saves AfiliadoActivado with an ACTIVAR_AFILIADO audit context', async () => {
    const repository = await repositorioConAfiliado(ID);
    const afiliado = await new ActivarAfiliadoHandler(repository).execute(
      new ActivarAfiliadoCommand(ID, { actor: 'ops', correlationId: 'corr-a' }),
    );
    expect(afiliado.estado).toBe('ACTIVO');
    expect(afiliado.version).toBe(2);
    expect(repository.commits).toHaveLength(1);
    expect(repository.commits[0].events.map((e) => e.eventType)).toEqual(['AfiliadoActivado']);
    expect(repository.commits[0].contexto).toEqual({ accion: 'ACTIVAR_AFILIADO', correlationId: 'corr-a', actor: 'ops' });
  });

  it('a second activar is 409 TRANSICION_INVALIDA and writes nothing', async () => {
    const repository = await repositorioConAfiliado(ID);
    const handler = new ActivarAfiliadoHandler(repository);
    await handler.execute(new ActivarAfiliadoCommand(ID));
    const error = await domainErrorOf(handler.execute(new ActivarAfiliadoCommand(ID)));
    expect([error.code, error.kind, error.details]).toEqual([
      'AFILIADO.TRANSICION_INVALIDA',
      'conflict',
      { desde: 'ACTIVO', hacia: 'ACTIVO' },
    ]);
    expect(repository.commits).toHaveLength(1);
  });

  it('defaults the actor to "api"', async () => {
    const repository = await repositorioConAfiliado(ID);
    await new ActivarAfiliadoHandler(repository).execute(new ActivarAfiliadoCommand(ID));
    expect(repository.commits[0].contexto.actor).toBe('api');
  });
});
