import { repositorioConAfiliado } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { ActivarAfiliadoCommand } from '../activar-afiliado/activar-afiliado.command';
import { ActivarAfiliadoHandler } from '../activar-afiliado/activar-afiliado.handler';
import { SuspenderAfiliadoCommand } from './suspender-afiliado.command';
import { SuspenderAfiliadoHandler } from './suspender-afiliado.handler';

const ID = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

describe('SuspenderAfiliadoHandler', () => {
  it('ACTIVO → SUSPENDIDO with the motivo in the event', async () => {
    const repository = await repositorioConAfiliado(ID);
    await new ActivarAfiliadoHandler(repository).execute(new ActivarAfiliadoCommand(ID));
    const afiliado = await new SuspenderAfiliadoHandler(repository).execute(new SuspenderAfiliadoCommand(ID, ' fraude '));
    expect(afiliado.estado).toBe('SUSPENDIDO');
    const commit = repository.commits[1];
    expect(commit.contexto.accion).toBe('SUSPENDER_AFILIADO');
    expect(commit.events.map((e) => [e.eventType, e.payload])).toEqual([['AfiliadoSuspendido', { afiliado_id: ID, motivo: 'fraude' }]]);
  });

  it('needs a motivo (400) and writes nothing', async () => {
    const repository = await repositorioConAfiliado(ID);
    await new ActivarAfiliadoHandler(repository).execute(new ActivarAfiliadoCommand(ID));
    const error = await domainErrorOf(new SuspenderAfiliadoHandler(repository).execute(new SuspenderAfiliadoCommand(ID, '  ')));
    expect([error.code, error.kind]).toEqual(['AFILIADO.MOTIVO_REQUERIDO', 'validation']);
    expect(repository.commits).toHaveLength(1);
  });

  it('a PENDIENTE afiliado cannot be suspended (409)', async () => {
    const repository = await repositorioConAfiliado(ID);
    const error = await domainErrorOf(new SuspenderAfiliadoHandler(repository).execute(new SuspenderAfiliadoCommand(ID, 'x')));
    expect(error.details).toEqual({ desde: 'PENDIENTE', hacia: 'SUSPENDIDO' });
  });
});
