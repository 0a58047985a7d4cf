import { repositorioConAfiliado } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { ActivarAfiliadoCommand } from '../activar-afiliado/activar-afiliado.command';
import { ActivarAfiliadoHandler } from '../activar-afiliado/activar-afiliado.handler';
import { SuspenderAfiliadoCommand } from '../suspender-afiliado/suspender-afiliado.command';
import { SuspenderAfiliadoHandler } from '../suspender-afiliado/suspender-afiliado.handler';
import { ReactivarAfiliadoCommand } from './reactivar-afiliado.command';
import { ReactivarAfiliadoHandler } from './reactivar-afiliado.handler';

const ID = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

describe('ReactivarAfiliadoHandler', () => {
  it('SUSPENDIDO → ACTIVO: one commit per command through the whole lifecycle', async () => {
    const repository = await repositorioConAfiliado(ID);
    await new ActivarAfiliadoHandler(repository).execute(new ActivarAfiliadoCommand(ID));
    await new SuspenderAfiliadoHandler(repository).execute(new SuspenderAfiliadoCommand(ID, 'fraude'));
    const afiliado = await new ReactivarAfiliadoHandler(repository).execute(new ReactivarAfiliadoCommand(ID));
    expect(afiliado.estado).toBe('ACTIVO');
    expect(afiliado.getProps().motivoSuspension).toBeNull();
    expect(afiliado.version).toBe(4);
    expect(repository.commits.map((c) => [c.contexto.accion, c.events.map((e) => e.eventType)])).toEqual([
      ['ACTIVAR_AFILIADO', ['AfiliadoActivado']],
      ['SUSPENDER_AFILIADO', ['AfiliadoSuspendido']],
      ['REACTIVAR_AFILIADO', ['AfiliadoReactivado']],
    ]);
  });

  it('a PENDIENTE afiliado cannot be reactivated (409) and nothing is written', async () => {
    const repository = await repositorioConAfiliado(ID);
    const error = await domainErrorOf(new ReactivarAfiliadoHandler(repository).execute(new ReactivarAfiliadoCommand(ID)));
    expect([error.code, error.details]).toEqual(['AFILIADO.TRANSICION_INVALIDA', { desde: 'PENDIENTE', hacia: 'ACTIVO' }]);
    expect(repository.commits).toHaveLength(0);
  });
});
