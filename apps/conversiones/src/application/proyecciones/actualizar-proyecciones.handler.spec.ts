import { SAMPLE_PAYLOADS } from '@alpes/contracts';
import { ProyeccionesCacheEnMemoria, ProyeccionesStoreEnMemoria, recibido } from '../../testing/fakes';
import { ActualizarProyeccionesHandler } from './actualizar-proyecciones.handler';

describe('ActualizarProyeccionesHandler', () => {
  let store: ProyeccionesStoreEnMemoria;
  let cache: ProyeccionesCacheEnMemoria;
  let handler: ActualizarProyeccionesHandler;
  const tx = {};
  const CAMPANA = SAMPLE_PAYLOADS.CampanaCreada.id;
  const AFILIADO = SAMPLE_PAYLOADS.AfiliadoRegistrado.id;

  beforeEach(() => {
    store = new ProyeccionesStoreEnMemoria();
    cache = new ProyeccionesCacheEnMemoria();
    handler = new ActualizarProyeccionesHandler(store, cache);
  });

  it('follows an affiliate through its lifecycle, in the table and in memory', async () => {
    await handler.handle(recibido('AfiliadoRegistrado', SAMPLE_PAYLOADS.AfiliadoRegistrado), tx);
    expect(cache.afiliado(AFILIADO)?.estado).toBe('PENDIENTE');
    await handler.handle(recibido('AfiliadoActivado', { afiliado_id: AFILIADO }), tx);
    expect(cache.afiliado(AFILIADO)?.estado).toBe('ACTIVO');
    await handler.handle(recibido('AfiliadoSuspendido', { afiliado_id: AFILIADO, motivo: 'x' }), tx);
    expect((await store.afiliado(AFILIADO))?.estado).toBe('SUSPENDIDO');
    await handler.handle(recibido('AfiliadoReactivado', { afiliado_id: AFILIADO }), tx);
    expect(cache.afiliado(AFILIADO)?.estado).toBe('ACTIVO');
  });

  it('projects a campaign: currency, window, dates, assignments and states', async () => {
    await handler.handle(recibido('CampanaCreada', SAMPLE_PAYLOADS.CampanaCreada), tx);
    expect(cache.campana(CAMPANA)).toMatchObject({
      estado: 'BORRADOR',
      moneda: 'COP',
      ventanaAtribucionDias: 30,
      fechaInicio: SAMPLE_PAYLOADS.CampanaCreada.fecha_inicio,
      fechaFin: SAMPLE_PAYLOADS.CampanaCreada.fecha_fin,
    });
    expect([...(cache.campana(CAMPANA)?.afiliados ?? [])]).toEqual(SAMPLE_PAYLOADS.CampanaCreada.afiliados_ids);
    await handler.handle(recibido('CampanaActivada', { campana_id: CAMPANA }), tx);
    expect(cache.campana(CAMPANA)?.estado).toBe('ACTIVA');
    await handler.handle(recibido('AfiliadoAsignadoACampana', { campana_id: CAMPANA, afiliado_id: 'nuevo' }), tx);
    expect(cache.campana(CAMPANA)?.afiliados.has('nuevo')).toBe(true);
    await handler.handle(recibido('AfiliadoRetiradoDeCampana', { campana_id: CAMPANA, afiliado_id: 'nuevo' }), tx);
    expect(cache.campana(CAMPANA)?.afiliados.has('nuevo')).toBe(false);
    await handler.handle(recibido('PresupuestoAgotado', SAMPLE_PAYLOADS.PresupuestoAgotado), tx);
    expect(cache.campana(CAMPANA)?.estado).toBe('PAUSADA');
    await handler.handle(recibido('CampanaActivada', { campana_id: CAMPANA }), tx);
    await handler.handle(recibido('CampanaPausada', { campana_id: CAMPANA, motivo: null }), tx);
    expect(cache.campana(CAMPANA)?.estado).toBe('PAUSADA');
    await handler.handle(recibido('CampanaFinalizada', { campana_id: CAMPANA }), tx);
    expect(cache.campana(CAMPANA)?.estado).toBe('FINALIZADA');
    await handler.handle(recibido('PresupuestoAgotado', SAMPLE_PAYLOADS.PresupuestoAgotado), tx);
    expect(cache.campana(CAMPANA)?.estado).toBe('FINALIZADA');
  });

  it('keeps every state change with the time it happened in its own service (the event’s occurred_at)', async () => {
    await handler.handle(recibido('AfiliadoRegistrado', SAMPLE_PAYLOADS.AfiliadoRegistrado, 1_000), tx);
    await handler.handle(recibido('AfiliadoActivado', { afiliado_id: AFILIADO }, 2_000), tx);
    await handler.handle(recibido('AfiliadoSuspendido', { afiliado_id: AFILIADO, motivo: 'x' }, 3_000), tx);
    expect((await store.afiliado(AFILIADO))?.cambios).toEqual([
      { desde: 1_000, estado: 'PENDIENTE' },
      { desde: 2_000, estado: 'ACTIVO' },
      { desde: 3_000, estado: 'SUSPENDIDO' },
    ]);
    await handler.handle(recibido('CampanaCreada', SAMPLE_PAYLOADS.CampanaCreada, 10_000), tx);
    await handler.handle(recibido('CampanaActivada', { campana_id: CAMPANA }, 11_000), tx);
    await handler.handle(recibido('PresupuestoAgotado', SAMPLE_PAYLOADS.PresupuestoAgotado, 12_000), tx);
    expect((await store.campana(CAMPANA))?.cambios).toEqual([
      { desde: 10_000, estado: 'BORRADOR' },
      { desde: 11_000, estado: 'ACTIVA' },
      { desde: 12_000, estado: 'PAUSADA' },
    ]);
  });

  it('defaults the attribution window to 30 days', async () => {
    await handler.handle(recibido('CampanaCreada', { ...SAMPLE_PAYLOADS.CampanaCreada, ventana_atribucion_dias: undefined }), tx);
    expect(cache.campana(CAMPANA)?.ventanaAtribucionDias).toBe(30);
  });

  it('ignores (does not fail on) events of a campaign it never saw created', async () => {
    await expect(handler.handle(recibido('CampanaActivada', { campana_id: 'nope' }), tx)).resolves.toBeUndefined();
    await expect(handler.handle(recibido('AfiliadoAsignadoACampana', { campana_id: 'nope', afiliado_id: 'a' }), tx)).resolves.toBeUndefined();
    expect(cache.campana('nope')).toBeUndefined();
    expect(await store.campana('nope')).toBeNull();
  });
});
