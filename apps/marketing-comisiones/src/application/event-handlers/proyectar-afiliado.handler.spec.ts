import { entorno, TX } from '../../testing/fakes';
import type { EventoRecibido } from '../ports/evento-recibido';
import { MetricasConsumo } from '../ports/metricas-consumo';
import { ProyectarAfiliadoHandler } from './proyectar-afiliado.handler';

const ev = (eventType: string, payload: unknown, occurredAt = 1_000): EventoRecibido => ({ eventType, eventId: `${eventType}-${occurredAt}`, occurredAt, payload });

describe('ProyectarAfiliadoHandler', () => {
  function preparar() {
    const env = entorno();
    const metricas = new MetricasConsumo();
    return { ...env, metricas, handler: new ProyectarAfiliadoHandler(env.afiliados, metricas) };
  }

  it('registers, activates, suspends, reactivates and updates the percentages of an affiliate', async () => {
    const t = preparar();
    await t.handler.handle(
      ev('AfiliadoRegistrado', {
        id: 'a1',
        nombre: 'Ana',
        email: 'ana@x.co',
        tipo_afiliado: 'premium',
        estado: 'PENDIENTE',
        configuracion_comisiones: { comision_base: '15.0000', comision_premium: '20.0000' },
      }),
      TX,
    );
    const estado = async () => (await t.afiliados.findById('a1'))?.estado;
    expect(await estado()).toBe('PENDIENTE');
    await t.handler.handle(ev('AfiliadoActivado', { afiliado_id: 'a1' }, 2_000), TX);
    expect(await estado()).toBe('ACTIVO');
    await t.handler.handle(ev('AfiliadoSuspendido', { afiliado_id: 'a1', motivo: 'fraude' }, 3_000), TX);
    expect(await estado()).toBe('SUSPENDIDO');
    await t.handler.handle(ev('AfiliadoReactivado', { afiliado_id: 'a1' }, 4_000), TX);
    expect(await estado()).toBe('ACTIVO');
    await t.handler.handle(ev('ConfiguracionComisionesActualizada', { afiliado_id: 'a1', comision_base: '12.5000', comision_premium: null }, 5_000), TX);
    const a = await t.afiliados.findById('a1');
    expect([a?.comisionBase.toString(), a?.porcentajePremium(), a?.tipoAfiliado, a?.actualizadoEn.getTime()]).toEqual(['12.5', null, 'premium', 5_000]);
  });

  it('a registration seen again (another event id) does not reset an active affiliate', async () => {
    const t = preparar();
    const registro = {
      id: 'a1',
      nombre: 'Ana',
      email: 'ana@x.co',
      tipo_afiliado: 'basico',
      estado: 'PENDIENTE',
      configuracion_comisiones: { comision_base: '15.0000', comision_premium: null },
    };
    await t.handler.handle(ev('AfiliadoRegistrado', registro, 1_000), TX);
    await t.handler.handle(ev('AfiliadoActivado', { afiliado_id: 'a1' }, 2_000), TX);
    await t.handler.handle(ev('AfiliadoRegistrado', registro, 3_000), TX);
    expect((await t.afiliados.findById('a1'))?.estado).toBe('ACTIVO');
  });

  it('ignores (and counts) a state change of an affiliate it never saw registered', async () => {
    const t = preparar();
    await t.handler.handle(ev('AfiliadoActivado', { afiliado_id: 'nadie' }), TX);
    expect(await t.afiliados.findById('nadie')).toBeNull();
    expect(t.metricas.contadores.afiliados_desconocidos).toBe(1);
  });
});
