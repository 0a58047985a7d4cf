import { evento } from '../../../../test/support/eventos';
import { ProyeccionStoreFake } from '../../../../test/support/proyeccion-store.fake';
import { silenciarLogs } from '../../../../test/support/silenciar-logs';
import { ProyectarEventosHandler } from './proyectar-eventos.handler';

const CAMPANA = 'camp-1';
const AFILIADO = 'afi-1';
const ids = { campana_id: CAMPANA, afiliado_id: AFILIADO };

describe('ProyectarEventosHandler', () => {
  silenciarLogs();
  let store: ProyeccionStoreFake;
  let handler: ProyectarEventosHandler;
  beforeAll(() => {
    handler = new ProyectarEventosHandler();
  });
  const proyectar = (...eventos: Parameters<ProyectarEventosHandler['execute']>[0]) => handler.execute(eventos, store);

  beforeEach(() => {
    store = new ProyeccionStoreFake();
  });

  describe('impressions and clicks', () => {
    it('counts each impression and click once per campaign and affiliate, writing each counter row once per batch', async () => {
      const batch = [
        ...Array.from({ length: 100 }, (_, i) => evento('ImpresionRegistrada', { ...ids, id: `imp-${i}` })),
        ...Array.from({ length: 10 }, (_, i) => evento('ClickRegistrado', { ...ids, id: `clk-${i}` })),
      ];
      await handler.execute(batch, store);
      expect(store.contador('campana', CAMPANA)).toMatchObject({ impresiones: 100, clicks: 10 });
      expect(store.contador('afiliado', AFILIADO)).toMatchObject({ impresiones: 100, clicks: 10 });
      expect(store.escriturasContadores).toEqual([2]);
      expect(store.impresiones.get('imp-7')).toMatchObject({ campanaId: CAMPANA, afiliadoId: AFILIADO, usuarioId: 'usr-101' });
    });

    it('counts an impression id published twice (two event ids, same or later batch) once', async () => {
      await proyectar(evento('ImpresionRegistrada', { ...ids, id: 'imp-1' }), evento('ImpresionRegistrada', { ...ids, id: 'imp-1' }));
      const r = await proyectar(evento('ImpresionRegistrada', { ...ids, id: 'imp-1' }), evento('ClickRegistrado', { ...ids, id: 'c1' }));
      await proyectar(evento('ClickRegistrado', { ...ids, id: 'c1' }));
      expect(store.contador('campana', CAMPANA)).toMatchObject({ impresiones: 1, clicks: 1 });
      expect(r.ignorados).toEqual([expect.objectContaining({ motivo: 'IMPRESION_DUPLICADA', referencia: 'imp-1' })]);
    });

    it('keeps campaigns and affiliates apart', async () => {
      await proyectar(
        evento('ImpresionRegistrada', { id: 'i1', campana_id: 'c1', afiliado_id: 'a1' }),
        evento('ImpresionRegistrada', { id: 'i2', campana_id: 'c1', afiliado_id: 'a2' }),
        evento('ImpresionRegistrada', { id: 'i3', campana_id: 'c2', afiliado_id: 'a2' }),
      );
      expect(store.contador('campana', 'c1')?.impresiones).toBe(2);
      expect(store.contador('campana', 'c2')?.impresiones).toBe(1);
      expect(store.contador('afiliado', 'a1')?.impresiones).toBe(1);
      expect(store.contador('afiliado', 'a2')?.impresiones).toBe(2);
    });
  });

  describe('conversions', () => {
    const validada = (id: string, valor: string, tipo: 'venta' | 'registro' = 'venta') =>
      evento('ConversionValidada', { ...ids, conversion_id: id, valor, moneda: 'COP', tipo_conversion: tipo });

    it('a validated sale adds one conversion and its value to ventas_total; other types add no sales', async () => {
      await proyectar(validada('v1', '150000.5000'), validada('v2', '99.9900'), validada('r1', '5000.0000', 'registro'));
      expect(store.contador('campana', CAMPANA)).toMatchObject({ conversiones: 3 });
      expect(store.importe('campana', CAMPANA, 'COP')?.ventasTotal).toBe('150100.49');
      expect(store.importe('afiliado', AFILIADO, 'COP')?.ventasTotal).toBe('150100.49');
      expect(store.conversiones.get('v1')?.estado).toBe('VALIDADA');
    });

    it('adds decimals exactly (0.10 + 0.20 = 0.30, no binary floating point)', async () => {
      await proyectar(validada('a', '0.1000'), validada('b', '0.2000'));
      expect(store.importe('campana', CAMPANA, 'COP')?.ventasTotal).toBe('0.30');
    });

    it('registered then validated: the validation carries the attribution (click-only registrations have none)', async () => {
      await proyectar(evento('ConversionRegistrada', { id: 'x', click_id: 'clk', campana_id: null, afiliado_id: null }));
      expect(store.conversiones.get('x')?.estado).toBe('REGISTRADA');
      expect(store.contador('campana', CAMPANA)).toBeUndefined();
      await proyectar(evento('ConversionValidada', { ...ids, conversion_id: 'x', click_id: null, valor: '10.0000', moneda: 'COP' }));
      expect(store.conversiones.get('x')?.getProps()).toMatchObject({ estado: 'VALIDADA', campanaId: CAMPANA, afiliadoId: AFILIADO, clickId: 'clk' });
      expect(store.contador('campana', CAMPANA)?.conversiones).toBe(1);
    });

    it('a second ConversionValidada for the same conversion (another event id) is not counted again', async () => {
      await proyectar(validada('v1', '10.0000'));
      const r = await proyectar(validada('v1', '10.0000'));
      expect(store.contador('campana', CAMPANA)?.conversiones).toBe(1);
      expect(store.importe('campana', CAMPANA, 'COP')?.ventasTotal).toBe('10.00');
      expect(r.ignorados[0]).toMatchObject({ motivo: 'TRANSICION_CONVERSION_NO_PERMITIDA', estado: 'VALIDADA' });
    });

    it('a rejection counts in conversiones_rechazadas, attributed from the registration when it names no campaign', async () => {
      await proyectar(evento('ConversionRegistrada', { id: 'r', click_id: null, ...ids }));
      await proyectar(
        evento('ConversionRechazada', { conversion_id: 'r', campana_id: null, afiliado_id: null, motivo: 'REFERENCIA_DUPLICADA' }),
      );
      expect(store.contador('campana', CAMPANA)).toMatchObject({ conversiones: 0, conversionesRechazadas: 1 });
      expect(store.conversiones.get('r')?.getProps()).toMatchObject({ estado: 'RECHAZADA', motivoRechazo: 'REFERENCIA_DUPLICADA' });
    });

    it('a reversal undoes the conversion and its sale and counts a revertida', async () => {
      await proyectar(validada('v1', '100.0000'), validada('v2', '50.0000'));
      await proyectar(evento('ConversionRevertida', { ...ids, conversion_id: 'v1', valor: '100.0000', moneda: 'COP' }));
      expect(store.contador('campana', CAMPANA)).toMatchObject({ conversiones: 1, conversionesRevertidas: 1 });
      expect(store.importe('campana', CAMPANA, 'COP')?.ventasTotal).toBe('50.00');
      expect(store.conversiones.get('v1')?.getProps()).toMatchObject({ estado: 'REVERTIDA', motivoReversion: 'Reembolso solicitado por el cliente' });
    });

    it('a reversal of a conversion not validated (rejected, unknown, already reverted) changes nothing', async () => {
      await proyectar(evento('ConversionRechazada', { ...ids, conversion_id: 'r' }));
      const r1 = await proyectar(evento('ConversionRevertida', { ...ids, conversion_id: 'r' }));
      const r2 = await proyectar(evento('ConversionRevertida', { ...ids, conversion_id: 'nunca-vista' }));
      await proyectar(validada('v', '1.0000'));
      await proyectar(evento('ConversionRevertida', { ...ids, conversion_id: 'v', valor: '1.0000' }));
      const r3 = await proyectar(evento('ConversionRevertida', { ...ids, conversion_id: 'v', valor: '1.0000' }));
      expect(store.contador('campana', CAMPANA)).toMatchObject({ conversiones: 0, conversionesRechazadas: 1, conversionesRevertidas: 1 });
      expect(store.importe('campana', CAMPANA, 'COP')?.ventasTotal).toBe('0.00');
      expect([r1, r2, r3].map((r) => r.ignorados[0]?.motivo)).toEqual([
        'TRANSICION_CONVERSION_NO_PERMITIDA',
        'CONVERSION_DESCONOCIDA',
        'TRANSICION_CONVERSION_NO_PERMITIDA',
      ]);
    });

    it('registered, validated and reverted inside ONE batch gives the same result as in three batches', async () => {
      const eventos = [
        evento('ConversionRegistrada', { id: 'z', ...ids, valor: '80.0000', moneda: 'COP' }),
        validada('z', '80.0000'),
        evento('ConversionRevertida', { ...ids, conversion_id: 'z', valor: '80.0000', moneda: 'COP' }),
      ];
      await handler.execute(eventos, store);
      const otro = new ProyeccionStoreFake();
      for (const e of eventos) await handler.execute([e], otro);
      expect(store.resumen()).toEqual(otro.resumen());
      expect(store.contador('campana', CAMPANA)).toMatchObject({ conversiones: 0, conversionesRevertidas: 1 });
    });
  });

  describe('commissions', () => {
    const calculada = (id: string, monto: string, extra: object = {}) =>
      evento('ComisionCalculada', { ...ids, id, monto, moneda: 'COP', ...extra });
    const cambio = (tipo: 'ComisionAprobada' | 'ComisionRechazada' | 'ComisionRevertida', id: string, monto = '0.0000') =>
      evento(tipo, { ...ids, comision_id: id, monto, moneda: 'COP' });
    const pago = (...comisionIds: string[]) => evento('PagoRealizado', { afiliado_id: AFILIADO, comision_ids: comisionIds });

    it('a CPC accrual re-published with its running total replaces its amount (never adds)', async () => {
      await proyectar(calculada('acc', '150.0000', { modelo: 'CPC', periodo: '2025-01-01', conversion_id: null }));
      await proyectar(calculada('acc', '450.0000', { modelo: 'CPC', periodo: '2025-01-01', conversion_id: null }));
      await proyectar(
        calculada('acc', '600.0000', { modelo: 'CPC', periodo: '2025-01-01', conversion_id: null }),
        calculada('acc', '750.0000', { modelo: 'CPC', periodo: '2025-01-01', conversion_id: null }),
      );
      expect(store.importe('campana', CAMPANA, 'COP')).toEqual({
        ventasTotal: '0.00',
        comisionesTotal: '750.00',
        comisionesAprobadas: '0.00',
        comisionesPagadas: '0.00',
      });
      expect(store.comisiones.get('acc')?.monto.toFixed()).toBe('750.00');
    });

    it('approval and payment move the amount into aprobadas and pagadas (total ≥ aprobadas ≥ pagadas)', async () => {
      await proyectar(calculada('k1', '100.0000'), calculada('k2', '30.0000'), calculada('k3', '5.5000'));
      await proyectar(cambio('ComisionAprobada', 'k1'), cambio('ComisionAprobada', 'k2'));
      await proyectar(pago('k1'));
      expect(store.importe('afiliado', AFILIADO, 'COP')).toEqual({
        ventasTotal: '0.00',
        comisionesTotal: '135.50',
        comisionesAprobadas: '130.00',
        comisionesPagadas: '100.00',
      });
      expect(store.comisiones.get('k1')?.estado).toBe('PAGADA');
    });

    it('rejected and reverted commissions leave every sum; a paid one reverted leaves pagadas too', async () => {
      await proyectar(calculada('k1', '100.0000'), calculada('k2', '30.0000'), calculada('k3', '7.0000'));
      await proyectar(cambio('ComisionAprobada', 'k1'), pago('k1'), cambio('ComisionRechazada', 'k2'));
      await proyectar(cambio('ComisionRevertida', 'k1'));
      expect(store.importe('campana', CAMPANA, 'COP')).toEqual({
        ventasTotal: '0.00',
        comisionesTotal: '7.00',
        comisionesAprobadas: '0.00',
        comisionesPagadas: '0.00',
      });
      expect(store.comisiones.get('k1')?.estado).toBe('REVERTIDA');
    });

    it('transitions the state does not allow are ignored (approve twice, pay a pending one, reject an approved one)', async () => {
      await proyectar(calculada('k1', '10.0000'), calculada('k2', '20.0000'));
      await proyectar(cambio('ComisionAprobada', 'k1'));
      const r = await proyectar(cambio('ComisionAprobada', 'k1'), pago('k2'), cambio('ComisionRechazada', 'k1'));
      expect(r.ignorados.map((i) => [i.motivo, i.referencia, i.estado])).toEqual([
        ['TRANSICION_COMISION_NO_PERMITIDA', 'k1', 'APROBADA'],
        ['TRANSICION_COMISION_NO_PERMITIDA', 'k2', 'PENDIENTE'],
        ['TRANSICION_COMISION_NO_PERMITIDA', 'k1', 'APROBADA'],
      ]);
      expect(store.importe('campana', CAMPANA, 'COP')).toMatchObject({ comisionesTotal: '30.00', comisionesAprobadas: '10.00', comisionesPagadas: '0.00' });
    });

    it('an APROBADA of 0 can be rejected (marketing-comisiones closes such leftovers so); one with an amount cannot', async () => {
      await proyectar(calculada('k0', '0.0000'), calculada('k1', '10.0000'), cambio('ComisionAprobada', 'k0'), cambio('ComisionAprobada', 'k1'));
      const r = await proyectar(cambio('ComisionRechazada', 'k0'), cambio('ComisionRechazada', 'k1'));
      expect(store.comisiones.get('k0')?.estado).toBe('RECHAZADA');
      expect(r.ignorados.map((i) => [i.referencia, i.estado])).toEqual([['k1', 'APROBADA']]);
      expect(store.importe('campana', CAMPANA, 'COP')).toMatchObject({ comisionesTotal: '10.00', comisionesAprobadas: '10.00' });
    });

    it('a commission first seen through its approval is created from that event', async () => {
      await proyectar(cambio('ComisionAprobada', 'k9', '42.0000'));
      expect(store.importe('campana', CAMPANA, 'COP')).toMatchObject({ comisionesTotal: '42.00', comisionesAprobadas: '42.00' });
    });

    it('a payout naming an unknown commission pays the known ones and ignores the rest', async () => {
      await proyectar(calculada('k1', '10.0000'), cambio('ComisionAprobada', 'k1'));
      const r = await proyectar(pago('k1', 'desconocida'));
      expect(store.importe('campana', CAMPANA, 'COP')?.comisionesPagadas).toBe('10.00');
      expect(r.ignorados).toEqual([expect.objectContaining({ motivo: 'COMISION_DESCONOCIDA', referencia: 'desconocida' })]);
    });

    it('an accrual replaced after approval moves total and aprobadas by the difference', async () => {
      await proyectar(calculada('acc', '10.0000', { periodo: '2025-01-01' }), cambio('ComisionAprobada', 'acc'));
      await proyectar(calculada('acc', '12.5000', { periodo: '2025-01-01' }));
      expect(store.importe('campana', CAMPANA, 'COP')).toMatchObject({ comisionesTotal: '12.50', comisionesAprobadas: '12.50' });
    });

    it('keeps the amounts of each currency apart', async () => {
      await proyectar(
        evento('ComisionCalculada', { ...ids, id: 'eur', monto: '10.0000', moneda: 'EUR' }),
        evento('ComisionCalculada', { ...ids, id: 'usd', monto: '3.0000', moneda: 'USD' }),
      );
      expect(store.importe('afiliado', AFILIADO, 'EUR')?.comisionesTotal).toBe('10.00');
      expect(store.importe('afiliado', AFILIADO, 'USD')?.comisionesTotal).toBe('3.00');
    });
  });

  describe('order tolerance and idempotent state', () => {
    it('statistics do not depend on whether the campaign was created before or after its commissions and clicks', async () => {
      const creada = evento('CampanaCreada', { id: CAMPANA, moneda: 'COP' });
      const otros = [
        evento('ComisionCalculada', { ...ids, id: 'k', monto: '9.0000', moneda: 'COP' }),
        evento('ClickRegistrado', { ...ids, id: 'c' }),
      ];
      await handler.execute([creada], store);
      await handler.execute(otros, store);
      const alReves = new ProyeccionStoreFake();
      await handler.execute(otros, alReves);
      await handler.execute([creada], alReves);
      expect(alReves.resumen()).toEqual(store.resumen());
      expect(alReves.campanas.get(CAMPANA)).toMatchObject({ moneda: 'COP', estado: 'BORRADOR' });
    });

    it('campaign and affiliate lifecycle events keep their state', async () => {
      await proyectar(
        evento('CampanaCreada', { id: CAMPANA }),
        evento('CampanaActivada', { campana_id: CAMPANA }),
        evento('PresupuestoAgotado', { campana_id: CAMPANA }),
        evento('CampanaPausada', { campana_id: CAMPANA }),
        evento('AfiliadoRegistrado', { id: AFILIADO }),
        evento('AfiliadoActivado', { afiliado_id: AFILIADO }),
        evento('AfiliadoSuspendido', { afiliado_id: AFILIADO }),
      );
      expect(store.campanas.get(CAMPANA)).toMatchObject({ estado: 'PAUSADA', presupuestoAgotado: true, nombre: 'Lanzamiento X', moneda: 'COP' });
      expect(store.afiliados.get(AFILIADO)).toMatchObject({ estado: 'SUSPENDIDO', nombre: 'Juan Pérez', tipoAfiliado: 'premium' });
      expect(store.contador('campana', CAMPANA)).toEqual({ impresiones: 0, clicks: 0, conversiones: 0, conversionesRechazadas: 0, conversionesRevertidas: 0 });
      expect(store.contador('afiliado', AFILIADO)).toBeDefined();
    });
  });

  describe('events that cannot or need not be projected', () => {
    it('skips an event with an amount that is not exact money (3 decimals in USD) and projects the rest of the batch', async () => {
      const r = await proyectar(
        evento('ConversionValidada', { ...ids, conversion_id: 'bad', valor: '1.0050', moneda: 'USD' }),
        evento('ImpresionRegistrada', { ...ids, id: 'ok' }),
      );
      expect(r.omitidos).toEqual([expect.objectContaining({ eventType: 'ConversionValidada', motivo: 'IMPORTE_INVALIDO' })]);
      expect(store.contador('campana', CAMPANA)).toMatchObject({ impresiones: 1, conversiones: 0 });
      expect(store.conversiones.has('bad')).toBe(false);
    });

    it('skips ids that do not fit (empty, longer than 100 characters) and payloads missing fields', async () => {
      const r = await proyectar(
        evento('ImpresionRegistrada', { ...ids, id: '' }),
        evento('ImpresionRegistrada', { ...ids, id: 'x'.repeat(101) }),
        evento('ComisionCalculada', { ...ids, id: 'k', modelo: undefined as never }),
        evento('ImpresionRegistrada', { ...ids, id: 'fine', timestamp: Number.NaN }),
      );
      expect(r.omitidos.map((o) => o.motivo)).toEqual(['ID_INVALIDO', 'ID_INVALIDO', 'PAYLOAD_INVALIDO', 'FECHA_INVALIDA']);
      expect(store.contadores.size).toBe(0);
    });

    it('consumes events the projections do not need without effect', async () => {
      const r = await proyectar(
        evento('PagoProgramado'),
        evento('PagoFallido'),
        evento('AfiliadoAsignadoACampana'),
        evento('ConfiguracionComisionesActualizada'),
      );
      expect(r).toMatchObject({ recibidos: 4, proyectados: 0, sinEfecto: 4 });
      expect(store.escriturasContadores).toEqual([]);
    });
  });
});
