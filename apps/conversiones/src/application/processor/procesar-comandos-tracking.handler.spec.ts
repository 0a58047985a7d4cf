import type { RegistrarClick, RegistrarConversion, RegistrarImpresion } from '@alpes/contracts';
import { ConversionRechazada, ConversionValidada } from '../../domain/conversion/events/conversion.events';
import { CONFIG, recibido, TrackingStoreEnMemoria } from '../../testing/fakes';
import { ProcesarComandosTrackingHandler } from './procesar-comandos-tracking.handler';
import { ReevaluarPendientesHandler } from './reevaluar-pendientes.handler';

const T0 = Date.UTC(2026, 3, 1, 12, 0, 0);

function impresion(id: string, o: Partial<RegistrarImpresion> = {}): RegistrarImpresion {
  return { id, campana_id: 'cam-1', afiliado_id: 'afi-1', usuario_id: null, user_agent: null, ip_address: '10.0.0.1', referrer: null, timestamp: T0, ...o };
}

function click(id: string, o: Partial<RegistrarClick> = {}): RegistrarClick {
  return {
    id,
    campana_id: 'cam-1',
    afiliado_id: 'afi-1',
    usuario_id: 'usr-1',
    session_id: null,
    url: null,
    ip_address: '10.0.0.1',
    user_agent: null,
    referrer: null,
    timestamp: T0,
    ...o,
  };
}

function conversion(id: string, o: Partial<RegistrarConversion> = {}): RegistrarConversion {
  return {
    id,
    click_id: 'click-1',
    afiliado_id: null,
    campana_id: null,
    tipo_conversion: 'venta',
    valor_conversion: '1500.5000',
    moneda: 'COP',
    referencia_externa: null,
    usuario_id: 'usr-1',
    timestamp: T0 + 60_000,
    ...o,
  };
}

describe('ProcesarComandosTrackingHandler', () => {
  let store: TrackingStoreEnMemoria;
  let ahora: number;
  let procesador: ProcesarComandosTrackingHandler;
  let pendientes: ReevaluarPendientesHandler;
  const tx = {};

  beforeEach(() => {
    store = new TrackingStoreEnMemoria();
    store.campanas.set('cam-1', {
      id: 'cam-1',
      estado: 'ACTIVA',
      moneda: 'COP',
      ventanaAtribucionDias: 30,
      fechaInicio: null,
      fechaFin: null,
      afiliados: new Set(['afi-1', 'afi-2']),
    });
    store.afiliados.set('afi-1', { id: 'afi-1', estado: 'ACTIVO' });
    store.afiliados.set('afi-2', { id: 'afi-2', estado: 'ACTIVO' });
    ahora = T0 + 120_000;
    procesador = new ProcesarComandosTrackingHandler(store, CONFIG, () => ahora);
    pendientes = new ReevaluarPendientesHandler(store, CONFIG, () => ahora);
  });

  it('appends impressions, clicks and conversions as streams and publishes their events', async () => {
    const resumen = await procesador.handle(
      [recibido('RegistrarImpresion', impresion('imp-1')), recibido('RegistrarClick', click('click-1')), recibido('RegistrarConversion', conversion('conv-1'))],
      tx,
    );
    expect(resumen).toMatchObject({ impresiones: 1, clicks: 1, conversiones: 1, clicksFraude: 0, pendientes: 0, duplicados: 0 });
    expect(store.streamDe('imp-1')).toEqual(['ImpresionRegistrada']);
    expect(store.streamDe('click-1')).toEqual(['ClickRegistrado']);
    expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada']);
    const validada = store.publicados().find((e) => e instanceof ConversionValidada);
    expect(validada?.payload).toMatchObject({ afiliado_id: 'afi-1', campana_id: 'cam-1', click_id: 'click-1', valor: '1500.50', moneda: 'COP' });
  });

  it('carries the command correlation id and uses the command as causation', async () => {
    const cmd = recibido('RegistrarImpresion', impresion('imp-1'));
    await procesador.handle([cmd], tx);
    expect(store.eventos[0].evento.correlationId).toBe(cmd.correlationId);
    expect(store.eventos[0].evento.causationId).toBe(cmd.eventId);
  });

  it('a command repeated (same id) has one effect, in the same batch or a later one', async () => {
    const r1 = await procesador.handle([recibido('RegistrarImpresion', impresion('imp-1')), recibido('RegistrarImpresion', impresion('imp-1'))], tx);
    const r2 = await procesador.handle([recibido('RegistrarImpresion', impresion('imp-1')), recibido('RegistrarConversion', conversion('conv-1', { click_id: null, afiliado_id: 'afi-1', campana_id: 'cam-1' }))], tx);
    const r3 = await procesador.handle([recibido('RegistrarConversion', conversion('conv-1', { click_id: null, afiliado_id: 'afi-1', campana_id: 'cam-1' }))], tx);
    expect([r1.duplicados, r2.duplicados, r3.duplicados]).toEqual([1, 1, 1]);
    expect(store.streamDe('imp-1')).toEqual(['ImpresionRegistrada']);
    expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada']);
  });

  describe('click flooding', () => {
    it('flags clicks past the threshold per IP, campaign and minute; they are stored but not published', async () => {
      const batch = [1, 2, 3, 4, 5].map((n) => recibido('RegistrarClick', click(`c${n}`, { timestamp: T0 + n * 1000 })));
      const r = await procesador.handle(batch, tx);
      expect(r).toMatchObject({ clicks: 5, clicksFraude: 2 });
      expect(store.eventos).toHaveLength(5);
      expect(store.publicados().map((e) => e.aggregateId)).toEqual(['c1', 'c2', 'c3']);
      expect(store.clicks.get('c4')?.fraudulento).toBe(true);
    });

    it('counts across batches, and separately per IP, campaign and minute', async () => {
      await procesador.handle([1, 2, 3].map((n) => recibido('RegistrarClick', click(`a${n}`))), tx);
      const r = await procesador.handle(
        [
          recibido('RegistrarClick', click('a4')),
          recibido('RegistrarClick', click('otra-ip', { ip_address: '10.0.0.2' })),
          recibido('RegistrarClick', click('otro-minuto', { timestamp: T0 + 60_000 })),
          recibido('RegistrarClick', click('sin-ip', { ip_address: null })),
        ],
        tx,
      );
      expect(r.clicksFraude).toBe(1);
      expect(store.clicks.get('a4')?.fraudulento).toBe(true);
      expect(['otra-ip', 'otro-minuto', 'sin-ip'].map((id) => store.clicks.get(id)?.fraudulento)).toEqual([false, false, false]);
    });

    it('a conversion on a flagged click is rejected CLICK_FLOODING', async () => {
      await procesador.handle([1, 2, 3, 4].map((n) => recibido('RegistrarClick', click(`c${n}`))), tx);
      await procesador.handle([recibido('RegistrarConversion', conversion('conv-1', { click_id: 'c4', usuario_id: null }))], tx);
      const rechazo = store.publicados().find((e) => e instanceof ConversionRechazada);
      expect(rechazo?.payload).toMatchObject({ conversion_id: 'conv-1', motivo: 'CLICK_FLOODING', click_id: 'c4' });
    });
  });

  describe('attribution', () => {
    it('last click wins for the same usuario_id', async () => {
      await procesador.handle(
        [
          recibido('RegistrarClick', click('click-1', { afiliado_id: 'afi-1', timestamp: T0 })),
          recibido('RegistrarClick', click('click-2', { afiliado_id: 'afi-2', timestamp: T0 + 30_000, ip_address: '10.9.9.9' })),
          recibido('RegistrarConversion', conversion('conv-1', { click_id: 'click-1' })),
        ],
        tx,
      );
      const validada = store.publicados().find((e) => e instanceof ConversionValidada);
      expect(validada?.payload).toMatchObject({ afiliado_id: 'afi-2', click_id: 'click-2' });
    });

    it('an unknown click parks the conversion; the click arriving later decides it', async () => {
      const r1 = await procesador.handle([recibido('RegistrarConversion', conversion('conv-1'), ahora)], tx);
      expect(r1.pendientes).toBe(1);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada']);
      expect(store.pendientes.has('conv-1')).toBe(true);

      await procesador.handle([recibido('RegistrarClick', click('click-1'))], tx);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada']);
      expect(store.pendientes.size).toBe(0);
    });

    it('after the grace period, the timer rejects a conversion whose click never came: CLICK_DESCONOCIDO', async () => {
      await procesador.handle([recibido('RegistrarConversion', conversion('conv-1', { click_id: 'ghost' }), ahora)], tx);
      expect(await pendientes.execute(tx)).toBe(0);
      ahora += CONFIG.graciaClickMs + 1;
      expect(await pendientes.execute(tx)).toBe(1);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionRechazada']);
      const rechazo = store.publicados().find((e) => e instanceof ConversionRechazada);
      expect(rechazo?.payload).toMatchObject({ motivo: 'CLICK_DESCONOCIDO', click_id: 'ghost' });
    });

    it('the timer also decides a pending conversion whose click was recorded by another batch', async () => {
      await procesador.handle([recibido('RegistrarConversion', conversion('conv-1'), ahora)], tx);
      store.clicks.set('click-1', { id: 'click-1', campanaId: 'cam-1', afiliadoId: 'afi-1', usuarioId: 'usr-1', timestamp: T0, fraudulento: false });
      expect(await pendientes.execute(tx)).toBe(1);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada']);
    });

    it('referencia_externa: a second validated conversion of the campaign with it is rejected (also within one batch)', async () => {
      const directa = (id: string) => conversion(id, { click_id: null, afiliado_id: 'afi-1', campana_id: 'cam-1', referencia_externa: 'PED-1' });
      await procesador.handle([recibido('RegistrarConversion', directa('conv-1')), recibido('RegistrarConversion', directa('conv-2'))], tx);
      await procesador.handle([recibido('RegistrarConversion', directa('conv-3'))], tx);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada']);
      for (const id of ['conv-2', 'conv-3']) {
        const rechazo = store.eventos.find((e) => e.aggregateId === id && e.evento instanceof ConversionRechazada);
        expect(rechazo?.evento.payload).toMatchObject({ motivo: 'REFERENCIA_DUPLICADA' });
      }
    });

    it.each([
      ['VALOR_INVALIDO', { valor_conversion: '0' }],
      ['MONEDA_DISTINTA', { moneda: 'USD', valor_conversion: '10' }],
      ['AFILIADO_NO_ASIGNADO', { afiliado_id: 'afi-3' }],
      ['CAMPANA_INACTIVA', { campana_id: 'cam-x' }],
    ])('rejects %s with ConversionRechazada (never a silent drop)', async (motivo, o) => {
      store.afiliados.set('afi-3', { id: 'afi-3', estado: 'ACTIVO' });
      await procesador.handle([recibido('RegistrarConversion', conversion('conv-1', { click_id: null, afiliado_id: 'afi-1', campana_id: 'cam-1', ...o }))], tx);
      const rechazo = store.publicados().find((e) => e instanceof ConversionRechazada);
      expect(rechazo?.payload).toMatchObject({ conversion_id: 'conv-1', motivo });
    });
  });

  describe('revert', () => {
    const directa = conversion('conv-1', { click_id: null, afiliado_id: 'afi-1', campana_id: 'cam-1' });

    it('reverts a VALIDADA conversion (same batch or later)', async () => {
      await procesador.handle([recibido('RegistrarConversion', directa), recibido('RevertirConversion', { conversion_id: 'conv-1', motivo: 'Reembolso' })], tx);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada', 'ConversionRevertida']);
    });

    it('ignores a revert of an unknown conversion or one that is not VALIDADA (a second revert)', async () => {
      await procesador.handle([recibido('RegistrarConversion', directa)], tx);
      await procesador.handle([recibido('RevertirConversion', { conversion_id: 'conv-1', motivo: 'a' })], tx);
      const r = await procesador.handle(
        [recibido('RevertirConversion', { conversion_id: 'conv-1', motivo: 'b' }), recibido('RevertirConversion', { conversion_id: 'nope', motivo: 'c' })],
        tx,
      );
      expect(r.ignorados).toBe(2);
      expect(store.streamDe('conv-1')).toEqual(['ConversionRegistrada', 'ConversionValidada', 'ConversionRevertida']);
    });
  });

  it('a batch of 500 mixed commands touches each store method once', async () => {
    const batch = [];
    for (let i = 0; i < 450; i++) batch.push(recibido('RegistrarImpresion', impresion(`imp-${i}`)));
    for (let i = 0; i < 45; i++) batch.push(recibido('RegistrarClick', click(`click-${i}`, { ip_address: `10.0.1.${i}` })));
    for (let i = 0; i < 5; i++) batch.push(recibido('RegistrarConversion', conversion(`conv-${i}`, { click_id: `click-${i}` })));
    const r = await procesador.handle(batch, tx);
    expect(r).toMatchObject({ impresiones: 450, clicks: 45, conversiones: 5 });
    expect(store.llamadas).toEqual({ existentes: 1, contarClicks: 1, registrarClicks: 1, tomarPendientesDeClicks: 1, guardar: 1 });
  });
});
