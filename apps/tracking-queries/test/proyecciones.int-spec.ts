import { randomUUID } from 'node:crypto';
import { esperarCuerpo, ev, ids, startTrackingQueriesTestApp, type EventoPrueba, type TrackingQueriesTestApp } from './support/tracking-queries-app';

/**
 * Events of the four topics, published on the real broker as the other services would, projected through the batch
 * consumers into the real MariaDB, and read back over HTTP with exact numbers.
 */
describe('tracking-queries: projections over the real broker and database', () => {
  let t: TrackingQueriesTestApp;
  const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

  const C = ids('camp');
  const C2 = ids('camp-usd');
  const VACIA = ids('camp-vacia');
  const A = ids('afi');
  const B = ids('afi');
  const conv = (n: string) => `${C}-${n}`;

  beforeAll(async () => {
    t = await startTrackingQueriesTestApp('proyecciones');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a campaign with two affiliates', () => {
    const duplicada = randomUUID();
    const validacionV1 = randomUUID();

    beforeAll(async () => {
      const impresiones: EventoPrueba[] = Array.from({ length: 20 }, (_, i) =>
        ev('ImpresionRegistrada', { id: `${C}-imp-${i}`, campana_id: C, afiliado_id: i < 15 ? A : B, timestamp: T0 + i * 1000 }, { key: `${C}-imp-${i}` }),
      );
      const clicks: EventoPrueba[] = Array.from({ length: 6 }, (_, i) =>
        ev('ClickRegistrado', { id: `${C}-clk-${i}`, campana_id: C, afiliado_id: i < 4 ? A : B, timestamp: T0 + 60_000 + i }, { key: `${C}-clk-${i}` }),
      );
      const validada = (id: string, afiliado: string, valor: string, tipo: 'venta' | 'registro', eventId?: string) =>
        ev(
          'ConversionValidada',
          { conversion_id: id, campana_id: C, afiliado_id: afiliado, valor, moneda: 'COP', tipo_conversion: tipo, click_id: null, timestamp: T0 + 120_000 },
          { key: id, event_id: eventId },
        );
      const comision = (id: string, afiliado: string, monto: string, extra: Record<string, unknown> = {}) =>
        ev('ComisionCalculada', { id, campana_id: C, afiliado_id: afiliado, monto, moneda: 'COP', ...extra }, { key: afiliado });
      const cambio = (tipo: 'ComisionAprobada' | 'ComisionRevertida', id: string, afiliado: string, monto: string) =>
        ev(tipo, { comision_id: id, campana_id: C, afiliado_id: afiliado, monto, moneda: 'COP' }, { key: afiliado });

      await t.publicar(
        ev('AfiliadoRegistrado', { id: A, nombre: 'Juan Pérez' }, { key: A }),
        ev('AfiliadoRegistrado', { id: B, nombre: 'Ana Gómez' }, { key: B }),
        ev('CampanaCreada', { id: C, moneda: 'COP' }, { key: C }),
        ev('CampanaActivada', { campana_id: C }, { key: C }),
        ev('CampanaCreada', { id: VACIA, moneda: 'EUR' }, { key: VACIA }),
        ...impresiones,
        // the same event twice (a redelivery): one effect
        ev('ImpresionRegistrada', { id: `${C}-dup`, campana_id: C, afiliado_id: B, timestamp: T0 + 50_000 }, { key: `${C}-dup`, event_id: duplicada }),
        ev('ImpresionRegistrada', { id: `${C}-dup`, campana_id: C, afiliado_id: B, timestamp: T0 + 50_000 }, { key: `${C}-dup`, event_id: duplicada }),
        // the same impression under another event id (published twice upstream): one effect too
        ev('ImpresionRegistrada', { id: `${C}-dup`, campana_id: C, afiliado_id: B, timestamp: T0 + 50_000 }, { key: `${C}-dup` }),
        ...clicks,
        ev('ConversionRegistrada', { id: conv('v1'), click_id: `${C}-clk-0`, campana_id: null, afiliado_id: null, valor: '150000.5000', moneda: 'COP', timestamp: T0 + 120_000 }, { key: conv('v1') }),
        validada(conv('v1'), A, '150000.5000', 'venta', validacionV1),
        validada(conv('v1'), A, '150000.5000', 'venta', validacionV1),
        validada(conv('v2'), A, '99.9900', 'venta'),
        validada(conv('r1'), B, '5000.0000', 'registro'),
        ev('ConversionRechazada', { conversion_id: conv('x'), campana_id: C, afiliado_id: B, motivo: 'CLICK_FUERA_DE_VENTANA', valor: '10.0000', moneda: 'COP' }, { key: conv('x') }),
        validada(conv('v3'), A, '1000.0000', 'venta'),
        ev('ConversionRevertida', { conversion_id: conv('v3'), campana_id: C, afiliado_id: A, valor: '1000.0000', moneda: 'COP' }, { key: conv('v3') }),
        comision(`${C}-k1`, A, '30000.1000', { conversion_id: conv('v1') }),
        cambio('ComisionAprobada', `${C}-k1`, A, '30000.1000'),
        ev('PagoRealizado', { pago_id: `${C}-pago`, afiliado_id: A, comision_ids: [`${C}-k1`], monto: '30000.1000', moneda: 'COP' }, { key: A }),
        comision(`${C}-k2`, B, '5000.0000', { conversion_id: conv('r1'), modelo: 'CPA' }),
        cambio('ComisionAprobada', `${C}-k2`, B, '5000.0000'),
        comision(`${C}-k3`, A, '100.0000', { conversion_id: conv('v3') }),
        cambio('ComisionRevertida', `${C}-k3`, A, '100.0000'),
        // a CPC accrual re-published with its running total: replaced, never added
        comision(`${C}-acc`, A, '150.0000', { conversion_id: null, modelo: 'CPC', periodo: '2025-01-01' }),
        comision(`${C}-acc`, A, '450.0000', { conversion_id: null, modelo: 'CPC', periodo: '2025-01-01' }),
        // commission of a campaign whose CampanaCreada comes later (order tolerance), in USD
        ev('ComisionCalculada', { id: `${C2}-k`, campana_id: C2, afiliado_id: A, monto: '10.0000', moneda: 'USD' }, { key: A }),
      );
      await t.publicar(ev('CampanaCreada', { id: C2, moneda: 'USD' }, { key: C2 }));
    });

    it('campaign statistics are exact: counts, sums, ratios (4 decimals HALF_UP), duplicates counted once', async () => {
      const body = await esperarCuerpo(t, `/tracking/queries/campanas/${C}/estadisticas`, {
        impresiones: 21,
        clicks: 6,
        conversiones: 3,
        conversiones_rechazadas: 1,
        conversiones_revertidas: 1,
        comisiones_total: 35450.1,
      });
      expect(body).toEqual({
        campana_id: C,
        impresiones: 21,
        clicks: 6,
        conversiones: 3,
        conversiones_rechazadas: 1,
        conversiones_revertidas: 1,
        ventas_total: 150100.49,
        comisiones_total: 35450.1,
        comisiones_aprobadas: 35000.1,
        comisiones_pagadas: 30000.1,
        ctr: 28.5714, // 6 / 21 × 100 = 28.571428…
        tasa_conversion: 50,
        epc: 5908.35, // 35450.10 / 6
        moneda: 'COP',
        monedas: ['COP'],
      });
    });

    it('affiliate statistics: only that affiliate, in its first currency by default and in another on request', async () => {
      const body = await esperarCuerpo(t, `/tracking/queries/influencers/${A}/estadisticas`, {
        impresiones: 15,
        comisiones_total: 30450.1,
        monedas: ['COP', 'USD'],
      });
      expect(body).toEqual({
        afiliado_id: A,
        impresiones: 15,
        clicks: 4,
        conversiones: 2,
        conversiones_rechazadas: 0,
        conversiones_revertidas: 1,
        ventas_total: 150100.49,
        comisiones_total: 30450.1,
        comisiones_aprobadas: 30000.1,
        comisiones_pagadas: 30000.1,
        ctr: 26.6667, // 4 / 15 × 100 = 26.6666…
        tasa_conversion: 50,
        epc: 7612.525, // 30450.10 / 4
        moneda: 'COP',
        monedas: ['COP', 'USD'],
      });
      const usd = await t.http().get(`/tracking/queries/influencers/${A}/estadisticas?moneda=USD`).expect(200);
      expect(usd.body).toMatchObject({ moneda: 'USD', comisiones_total: 10, ventas_total: 0, epc: 2.5 });
      await esperarCuerpo(t, `/tracking/queries/influencers/${B}/estadisticas`, {
        impresiones: 6,
        clicks: 2,
        conversiones: 1,
        conversiones_rechazadas: 1,
        ventas_total: 0,
        comisiones_total: 5000,
        comisiones_aprobadas: 5000,
        comisiones_pagadas: 0,
        ctr: 33.3333,
        tasa_conversion: 50,
        epc: 2500,
      });
    });

    it('a campaign created after its commission has them all, in its currency', async () => {
      await esperarCuerpo(t, `/tracking/queries/campanas/${C2}/estadisticas`, { comisiones_total: 10, moneda: 'USD', impresiones: 0, epc: 0, ctr: 0 });
    });

    it('a known campaign with no activity answers zeros; an id no event mentioned answers 404', async () => {
      await esperarCuerpo(t, `/tracking/queries/campanas/${VACIA}/estadisticas`, {
        impresiones: 0,
        clicks: 0,
        conversiones: 0,
        ventas_total: 0,
        comisiones_total: 0,
        ctr: 0,
        tasa_conversion: 0,
        epc: 0,
        moneda: 'EUR',
        monedas: [],
      });
      const res = await t.http().get(`/tracking/queries/campanas/${ids('nadie')}/estadisticas`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'TRACKING.CAMPANA_NO_ENCONTRADA' });
      const afi = await t.http().get(`/tracking/queries/influencers/${ids('nadie')}/estadisticas`).expect(404);
      expect(afi.body.code).toBe('TRACKING.AFILIADO_NO_ENCONTRADO');
      await t.http().get(`/tracking/queries/campanas/${ids('nadie')}/impresiones`).expect(404);
      await t.http().get(`/tracking/queries/influencers/${ids('nadie')}/conversiones`).expect(404);
    });

    it('`campañas` (percent-encoded, either case) is the same resource as `campanas`', async () => {
      const a = await t.http().get(`/tracking/queries/campanas/${C}/estadisticas`).expect(200);
      const b = await t.http().get(`/tracking/queries/campa%C3%B1as/${C}/estadisticas`).expect(200);
      const c = await t.http().get(`/tracking/queries/campa%c3%b1as/${C}/impresiones?limit=1`).expect(200);
      const d = await t.http().get(`/tracking/queries/campa%C3%B1as/${C}/conversiones?limit=1`).expect(200);
      expect(b.body).toEqual(a.body);
      expect(c.body.total).toBe(21);
      expect(d.body.total).toBe(5);
    });

    it('one impression by id, and impressions per campaign and per affiliate, paginated newest first', async () => {
      const imp = await t.http().get(`/tracking/queries/impresiones/${C}-imp-3`).expect(200);
      expect(imp.body).toEqual({
        id: `${C}-imp-3`,
        campana_id: C,
        afiliado_id: A,
        usuario_id: 'usr-101',
        user_agent: 'Mozilla/5.0',
        ip_address: '127.0.0.1',
        referrer: 'https://instagram.com',
        timestamp: new Date(T0 + 3000).toISOString(),
      });
      const page3 = await t.http().get(`/tracking/queries/campanas/${C}/impresiones?page=3&limit=8`).expect(200);
      expect(page3.body).toMatchObject({ total: 21, page: 3, limit: 8 });
      expect(page3.body.items).toHaveLength(5);
      const page1 = await t.http().get(`/tracking/queries/campanas/${C}/impresiones?limit=2`).expect(200);
      // newest first: the duplicated impression happened at T0 + 50 s, after imp-19 (T0 + 19 s)
      expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([`${C}-dup`, `${C}-imp-19`]);
      expect(page1.body).toMatchObject({ page: 1, limit: 2, total: 21 });
      const deB = await t.http().get(`/tracking/queries/influencers/${B}/impresiones?limit=100`).expect(200);
      expect(deB.body.total).toBe(6);
      expect(deB.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
        [`${C}-dup`, `${C}-imp-15`, `${C}-imp-16`, `${C}-imp-17`, `${C}-imp-18`, `${C}-imp-19`].sort(),
      );
      const vacia = await t.http().get(`/tracking/queries/campanas/${VACIA}/impresiones`).expect(200);
      expect(vacia.body).toEqual({ items: [], total: 0, page: 1, limit: 20 });
    });

    it('one conversion by id in its latest state, and conversions per campaign/affiliate filtered by estado', async () => {
      await esperarCuerpo(t, `/tracking/queries/conversiones/${conv('v1')}`, {
        id: conv('v1'),
        estado: 'VALIDADA',
        afiliado_id: A,
        campana_id: C,
        click_id: `${C}-clk-0`,
        tipo_conversion: 'venta',
        valor_conversion: 150000.5,
        moneda: 'COP',
        referencia_externa: 'PED-2025-0001',
        motivo_rechazo: null,
      });
      await esperarCuerpo(t, `/tracking/queries/conversiones/${conv('v3')}`, { estado: 'REVERTIDA', motivo_reversion: 'Reembolso solicitado por el cliente' });
      await esperarCuerpo(t, `/tracking/queries/conversiones/${conv('x')}`, { estado: 'RECHAZADA', motivo_rechazo: 'CLICK_FUERA_DE_VENTANA' });
      const validadas = await t.http().get(`/tracking/queries/campanas/${C}/conversiones?estado=VALIDADA`).expect(200);
      expect(validadas.body.total).toBe(3);
      expect(validadas.body.items.map((c: { id: string }) => c.id).sort()).toEqual([conv('r1'), conv('v1'), conv('v2')].sort());
      const todas = await t.http().get(`/tracking/queries/campanas/${C}/conversiones`).expect(200);
      expect(todas.body.total).toBe(5);
      const deB = await t.http().get(`/tracking/queries/influencers/${B}/conversiones`).expect(200);
      expect(deB.body.items.map((c: { id: string; estado: string }) => `${c.id}:${c.estado}`).sort()).toEqual(
        [`${conv('r1')}:VALIDADA`, `${conv('x')}:RECHAZADA`].sort(),
      );
    });

    it('each event was recorded once in the inbox and the duplicates were skipped by it', async () => {
      const [row] = (await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM inbox_messages WHERE subscription = 'tracking-queries.proyecciones' AND event_id IN (?, ?)",
        [duplicada, validacionV1],
      )) as { n: string }[];
      expect(Number(row.n)).toBe(2);
    });
  });

  it('a paid commission refunded leaves every commission statistic, as marketing-comisiones gives its budget back (README)', async () => {
    // The events marketing-comisiones publishes for: 100.10 USD paid, the sale refunded, a 250.00 sale paid in a
    // payout that discounts the refund's adjustment (an id this service never saw), and a sale commissioned at 0.
    const c = ids('camp-reemb');
    const a = ids('afi-reemb');
    const ref = { campana_id: c, afiliado_id: a, moneda: 'USD' };
    await t.publicar(
      ev('CampanaCreada', { id: c, moneda: 'USD' }, { key: c }),
      ev('ComisionCalculada', { id: `${c}-k1`, conversion_id: `${c}-v1`, monto: '100.1000', ...ref }, { key: a }),
      ev('ComisionAprobada', { comision_id: `${c}-k1`, conversion_id: `${c}-v1`, monto: '100.1000', ...ref }, { key: a }),
      ev('PagoRealizado', { pago_id: `${c}-p1`, afiliado_id: a, comision_ids: [`${c}-k1`], monto: '100.1000', moneda: 'USD' }, { key: a }),
    );
    await esperarCuerpo(t, `/tracking/queries/campanas/${c}/estadisticas`, { comisiones_total: 100.1, comisiones_aprobadas: 100.1, comisiones_pagadas: 100.1 });
    await t.publicar(
      ev('ComisionRevertida', { comision_id: `${c}-k1`, conversion_id: `${c}-v1`, monto: '100.1000', estado_anterior: 'PAGADA', motivo: 'reembolso', ...ref }, { key: a }),
    );
    // marketing-comisiones' campaign: 1000 − 0 spent after the refund
    await esperarCuerpo(t, `/tracking/queries/campanas/${c}/estadisticas`, { comisiones_total: 0, comisiones_aprobadas: 0, comisiones_pagadas: 0 });
    await t.publicar(
      ev('ComisionCalculada', { id: `${c}-k2`, conversion_id: `${c}-v2`, monto: '250.0000', ...ref }, { key: a }),
      ev('ComisionAprobada', { comision_id: `${c}-k2`, conversion_id: `${c}-v2`, monto: '250.0000', ...ref }, { key: a }),
      ev('PagoRealizado', { pago_id: `${c}-p2`, afiliado_id: a, comision_ids: [`${c}-ajuste`, `${c}-k2`], monto: '149.9000', moneda: 'USD' }, { key: a }),
      ev('ComisionCalculada', { id: `${c}-k0`, conversion_id: `${c}-v0`, monto: '0.0000', ...ref }, { key: a }),
      ev('ComisionRechazada', { comision_id: `${c}-k0`, conversion_id: `${c}-v0`, monto: '0.0000', motivo: 'MONTO_CERO', ...ref }, { key: a }),
    );
    // = marketing-comisiones' spent budget (1000 − 750): the live commissions; the adjustment moved nothing
    const campana = await esperarCuerpo(t, `/tracking/queries/campanas/${c}/estadisticas`, { comisiones_total: 250, comisiones_aprobadas: 250, comisiones_pagadas: 250 });
    expect(campana).toMatchObject({ moneda: 'USD', monedas: ['USD'] });
    const afiliado = await t.http().get(`/tracking/queries/influencers/${a}/estadisticas`).expect(200);
    expect(afiliado.body).toMatchObject({ comisiones_total: 250, comisiones_aprobadas: 250, comisiones_pagadas: 250, moneda: 'USD' });
  });

  it('a burst of 2,000 impressions over 100 campaigns is counted exactly', async () => {
    const campanas = Array.from({ length: 100 }, (_, i) => `${ids('burst')}-${i}`);
    const afiliado = ids('afi-burst');
    const eventos = Array.from({ length: 2000 }, (_, i) =>
      ev('ImpresionRegistrada', { id: `${afiliado}-${i}`, campana_id: campanas[i % 100], afiliado_id: afiliado, timestamp: T0 + i }, { key: `${afiliado}-${i}` }),
    );
    const inicio = Date.now();
    await t.publicar(...eventos);
    await esperarCuerpo(t, `/tracking/queries/influencers/${afiliado}/estadisticas`, { impresiones: 2000 }, 60_000);
    const s = Date.now() - inicio;
    for (const c of [campanas[0], campanas[57], campanas[99]]) {
      const res = await t.http().get(`/tracking/queries/campanas/${c}/estadisticas`).expect(200);
      expect(res.body.impresiones).toBe(20);
    }
    // informative: publish (one by one, acked) + projection of 2,000 events end to end
    process.stdout.write(`tracking-queries: 2000 impressions published and projected in ${s} ms\n`);
  });
});
