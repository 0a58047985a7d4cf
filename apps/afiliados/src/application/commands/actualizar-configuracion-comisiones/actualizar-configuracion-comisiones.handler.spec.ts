import { InMemoryAfiliadoRepository, repositorioConAfiliado } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { ActualizarConfiguracionComisionesCommand } from './actualizar-configuracion-comisiones.command';
import { ActualizarConfiguracionComisionesHandler } from './actualizar-configuracion-comisiones.handler';

const ID = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';

describe('ActualizarConfiguracionComisionesHandler', () => {
  it('replaces the percentages and records ConfiguracionComisionesActualizada', async () => {
    const repository = await repositorioConAfiliado(ID);
    const afiliado = await new ActualizarConfiguracionComisionesHandler(repository).execute(
      new ActualizarConfiguracionComisionesCommand(ID, '12.5', '18'),
    );
    expect(afiliado.configuracionComisiones.comisionBase.toString()).toBe('12.5');
    expect(afiliado.configuracionComisiones.comisionPremium?.toString()).toBe('18');
    expect(repository.commits).toHaveLength(1);
    expect(repository.commits[0].events[0].payload).toEqual({ afiliado_id: ID, comision_base: '12.5', comision_premium: '18' });
    expect(repository.commits[0].contexto).toEqual({
      accion: 'ACTUALIZAR_CONFIGURACION_COMISIONES',
      correlationId: expect.any(String),
      actor: 'api',
    });
  });

  it('the same configuration again records no event and no new version, but is audited as "sin cambios"', async () => {
    const repository = await repositorioConAfiliado(ID);
    const afiliado = await new ActualizarConfiguracionComisionesHandler(repository).execute(
      new ActualizarConfiguracionComisionesCommand(ID, '10.0', undefined),
    );
    expect(afiliado.version).toBe(1);
    expect(repository.commits).toHaveLength(1);
    expect(repository.commits[0].events).toHaveLength(0);
    expect(repository.commits[0].contexto.detalle).toBe('sin cambios');
  });

  it('refuses invalid percentages (400) or a premium below the base (422) before reading anything', async () => {
    const repository = new InMemoryAfiliadoRepository();
    const reads = jest.spyOn(repository, 'findById');
    const handler = new ActualizarConfiguracionComisionesHandler(repository);
    const invalid = await domainErrorOf(handler.execute(new ActualizarConfiguracionComisionesCommand(ID, 101, null)));
    expect([invalid.code, invalid.kind]).toEqual(['AFILIADO.COMISION_INVALIDA', 'validation']);
    const rule = await domainErrorOf(handler.execute(new ActualizarConfiguracionComisionesCommand(ID, 20, 10)));
    expect([rule.code, rule.kind]).toEqual(['AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE', 'business_rule']);
    expect(reads).not.toHaveBeenCalled();
  });

  it('answers NO_ENCONTRADO for an unknown afiliado', async () => {
    const error = await domainErrorOf(
      new ActualizarConfiguracionComisionesHandler(new InMemoryAfiliadoRepository()).execute(
        new ActualizarConfiguracionComisionesCommand(ID, 10, null),
      ),
    );
    expect(error.code).toBe('AFILIADO.NO_ENCONTRADO');
  });
});
