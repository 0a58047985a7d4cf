import { randomUUID } from 'node:crypto';
import { PulsarAdminClient } from '@alpes/messaging';
import { waitFor } from '@alpes/platform/testing';
import { ReconstruccionMantenimiento } from '../src/application/reconstruccion/reconstruccion-mantenimiento.service';
import { esperarCuerpo, ev, ids, startTrackingQueriesTestApp, type EventoPrueba, type TrackingQueriesTestApp } from './support/tracking-queries-app';

/**
 * POST /tracking/queries/admin/rebuild on the real broker and database: the four topics are replayed from the earliest
 * message into the inactive set of tables while the live consumers keep the active one current; the switch is atomic.
 */
describe('tracking-queries: rebuild from the earliest message', () => {
  let t: TrackingQueriesTestApp;
  const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
  const campanas = [ids('rc'), ids('rc'), ids('rc')];
  const afiliados = [ids('ra'), ids('ra'), ids('ra'), ids('ra')];
  /** Distinct event ids published so far (what a rebuild must apply). */
  const publicados = new Set<string>();

  async function publicar(...eventos: EventoPrueba[]): Promise<void> {
    const conId = eventos.map((e) => (e.meta.event_id ? e : { ...e, meta: { ...e.meta, event_id: randomUUID() } }));
    conId.forEach((e) => publicados.add(e.meta.event_id as string));
    await t.publicar(...conId);
  }

  const rutas = () => [
    ...campanas.flatMap((c) => [
      `/tracking/queries/campanas/${c}/estadisticas`,
      `/tracking/queries/campanas/${c}/impresiones?limit=100`,
      `/tracking/queries/campanas/${c}/conversiones?limit=100`,
    ]),
    ...afiliados.flatMap((a) => [`/tracking/queries/influencers/${a}/estadisticas`, `/tracking/queries/influencers/${a}/conversiones?limit=100`]),
    `/tracking/queries/conversiones/${campanas[0]}-conv-0`,
    `/tracking/queries/impresiones/${campanas[1]}-imp-7`,
  ];

  async function foto(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const r of rutas()) {
      const res = await t.http().get(r);
      expect({ r, status: res.status }).toEqual({ r, status: 200 });
      out[r] = res.body;
    }
    return out;
  }

  async function esperarReconstruccion(id: string): Promise<Record<string, unknown>> {
    return waitFor(
      async () => {
        const res = await t.http().get(`/tracking/queries/admin/rebuild/${id}`).expect(200);
        if (res.body.estado === 'FALLIDA') throw new Error(`rebuild failed: ${res.body.error}`);
        return res.body.estado === 'COMPLETADA' ? (res.body as Record<string, unknown>) : null;
      },
      90_000,
      `rebuild ${id}`,
    );
  }

  beforeAll(async () => {
    t = await startTrackingQueriesTestApp('reconstruccion');
    const eventos: EventoPrueba[] = [
      ...afiliados.map((a) => ev('AfiliadoRegistrado', { id: a }, { key: a })),
      ...campanas.map((c, i) => ev('CampanaCreada', { id: c, moneda: ['COP', 'USD', 'EUR'][i] }, { key: c })),
    ];
    campanas.forEach((c, ci) => {
      const moneda = ['COP', 'USD', 'EUR'][ci];
      for (let i = 0; i < 120; i++) {
        eventos.push(ev('ImpresionRegistrada', { id: `${c}-imp-${i}`, campana_id: c, afiliado_id: afiliados[i % 4], timestamp: T0 + i }, { key: `${c}-imp-${i}` }));
      }
      for (let i = 0; i < 15; i++) {
        eventos.push(ev('ClickRegistrado', { id: `${c}-clk-${i}`, campana_id: c, afiliado_id: afiliados[i % 4], timestamp: T0 + 1000 + i }, { key: `${c}-clk-${i}` }));
      }
      for (let i = 0; i < 6; i++) {
        const id = `${c}-conv-${i}`;
        const afiliado = afiliados[i % 4];
        eventos.push(
          ev('ConversionRegistrada', { id, campana_id: c, afiliado_id: afiliado, click_id: null, valor: `${100 + i}.2500`, moneda, timestamp: T0 + 2000 + i }, { key: id }),
          i === 5
            ? ev('ConversionRechazada', { conversion_id: id, campana_id: c, afiliado_id: afiliado, valor: `${100 + i}.2500`, moneda }, { key: id })
            : ev('ConversionValidada', { conversion_id: id, campana_id: c, afiliado_id: afiliado, click_id: null, valor: `${100 + i}.2500`, moneda, tipo_conversion: 'venta', timestamp: T0 + 2000 + i }, { key: id }),
        );
        if (i < 5) {
          eventos.push(ev('ComisionCalculada', { id: `${id}-com`, conversion_id: id, campana_id: c, afiliado_id: afiliado, monto: `${10 + i}.1300`, moneda }, { key: afiliado }));
          if (i < 3) eventos.push(ev('ComisionAprobada', { comision_id: `${id}-com`, campana_id: c, afiliado_id: afiliado, monto: `${10 + i}.1300`, moneda }, { key: afiliado }));
        }
      }
      eventos.push(
        ev('ConversionRevertida', { conversion_id: `${c}-conv-4`, campana_id: c, afiliado_id: afiliados[0], valor: '104.2500', moneda }, { key: `${c}-conv-4` }),
        ev('ComisionRevertida', { comision_id: `${c}-conv-4-com`, campana_id: c, afiliado_id: afiliados[0], monto: '14.1300', moneda }, { key: afiliados[0] }),
        ev('PagoRealizado', { pago_id: `${c}-pago`, afiliado_id: afiliados[0], comision_ids: [`${c}-conv-0-com`], monto: '10.1300', moneda }, { key: afiliados[0] }),
        ev('ComisionCalculada', { id: `${c}-acc`, conversion_id: null, campana_id: c, afiliado_id: afiliados[1], modelo: 'CPM', monto: '1.5000', moneda, periodo: '2025-01-01' }, { key: afiliados[1] }),
        ev('ComisionCalculada', { id: `${c}-acc`, conversion_id: null, campana_id: c, afiliado_id: afiliados[1], modelo: 'CPM', monto: '3.0000', moneda, periodo: '2025-01-01' }, { key: afiliados[1] }),
      );
    });
    await publicar(...eventos);
    // a redelivered event (same id twice): applied once, live and in the rebuild
    const dup = ev('ImpresionRegistrada', { id: `${campanas[0]}-imp-dup`, campana_id: campanas[0], afiliado_id: afiliados[0], timestamp: T0 + 999 }, { key: 'dup', event_id: randomUUID() });
    await publicar(dup, dup);
    await esperarCuerpo(t, `/tracking/queries/campanas/${campanas[0]}/estadisticas`, {
      impresiones: 121,
      clicks: 15,
      conversiones: 4,
      conversiones_rechazadas: 1,
      conversiones_revertidas: 1,
      comisiones_total: 10.13 + 11.13 + 12.13 + 13.13 + 3,
      comisiones_pagadas: 10.13,
    });
    for (const c of campanas.slice(1)) await esperarCuerpo(t, `/tracking/queries/campanas/${c}/estadisticas`, { impresiones: 120, comisiones_total: 49.52 });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('reaches identical answers in the other set of tables, answering every query meanwhile; one rebuild at a time', async () => {
    const antes = await foto();
    const [r1, r2] = await Promise.all([t.http().post('/tracking/queries/admin/rebuild').send({}), t.http().post('/tracking/queries/admin/rebuild')]);
    const [aceptada, rechazada] = r1.status === 202 ? [r1, r2] : [r2, r1];
    expect(aceptada.status).toBe(202);
    expect(aceptada.body).toMatchObject({ rebuild_id: expect.any(String), estado: 'EN_CURSO', fase: 'PREPARANDO', terminada_en: null, error: null });
    expect(aceptada.headers['location']).toBe(`/tracking/queries/admin/rebuild/${aceptada.body.rebuild_id}`);
    expect(rechazada.status).toBe(409);
    expect(rechazada.body).toMatchObject({ statusCode: 409, code: 'RECONSTRUCCION.EN_CURSO', details: { rebuild_id: aceptada.body.rebuild_id } });

    // Queries keep answering (from the active set) the whole time.
    let consultas = 0;
    let terminada = false;
    const durante = (async () => {
      while (!terminada) {
        const res = await t.http().get(`/tracking/queries/campanas/${campanas[0]}/estadisticas`);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(antes[`/tracking/queries/campanas/${campanas[0]}/estadisticas`]);
        consultas++;
      }
    })();
    const fin = await esperarReconstruccion(aceptada.body.rebuild_id).finally(() => (terminada = true));
    await durante;
    expect(consultas).toBeGreaterThan(0);
    expect(fin).toMatchObject({ estado: 'COMPLETADA', fase: 'COMPLETADA', eventos_aplicados: publicados.size, eventos_omitidos: 0, error: null });
    expect(Date.parse(fin['terminada_en'] as string)).toBeGreaterThanOrEqual(Date.parse(fin['solicitada_en'] as string));

    expect(await foto()).toEqual(antes);
    const [control] = (await t.dataSource.query('SELECT conjunto_activo, reconstruccion_id FROM proyeccion_control WHERE id = 1')) as {
      conjunto_activo: string;
      reconstruccion_id: string;
    }[];
    expect(control).toEqual({ conjunto_activo: 'b', reconstruccion_id: aceptada.body.rebuild_id });
    // the replay subscriptions are gone
    const admin = new PulsarAdminClient(t.runtime.pulsarHttpUrl);
    // They are deleted after the switch has committed, so the answer can come back a moment before.
    for (const topic of ['conversiones.eventos', 'comisiones.eventos', 'marketing.eventos', 'afiliados.eventos'] as const) {
      const replaySubscriptions = async () =>
        Object.keys((await admin.partitionedStats(t.runtime.resolveTopic(topic))).subscriptions).filter((s) => s.startsWith('tracking-queries.reconstruccion-'));
      await waitFor(async () => (await replaySubscriptions()).length === 0, 15_000, `replay subscriptions of ${topic} deleted`);
      expect(await replaySubscriptions()).toEqual([]);
    }
    const status = await t.http().get('/tracking/queries/admin/rebuild/status').expect(200);
    expect(status.body.rebuild_id).toBe(aceptada.body.rebuild_id);
  });

  it('events published while a rebuild runs are counted exactly once, before, during and after the switch', async () => {
    const c = campanas[2];
    const antes = (await t.http().get(`/tracking/queries/campanas/${c}/estadisticas`).expect(200)).body as Record<string, number>;
    const post = await t.http().post('/tracking/queries/admin/rebuild').expect(202);
    let terminada = false;
    let enviados = 0;
    let alConmutar = -1;
    const productor = (async () => {
      // a steady stream from before the request until 100 events after the rebuild completed: events cross the switch
      while (!terminada || enviados < alConmutar + 100) {
        const lote = Array.from({ length: 10 }, (_, i) => {
          const id = `${c}-vivo-${enviados + i}`;
          return ev('ImpresionRegistrada', { id, campana_id: c, afiliado_id: afiliados[3], timestamp: T0 + 10_000 + enviados + i }, { key: id });
        });
        await publicar(...lote, lote[0]); // lote[0] again, same event id: a redelivery
        enviados += 10;
      }
    })();
    const fin = await esperarReconstruccion(post.body.rebuild_id).finally(() => {
      terminada = true;
      alConmutar = enviados;
    });
    await productor;
    expect(fin).toMatchObject({ estado: 'COMPLETADA' });
    expect(alConmutar).toBeGreaterThan(0);
    const esperado = antes.impresiones + enviados;
    await esperarCuerpo(t, `/tracking/queries/campanas/${c}/estadisticas`, { impresiones: esperado }, 60_000);
    // nothing arrives late and counts twice
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const despues = await t.http().get(`/tracking/queries/campanas/${c}/estadisticas`).expect(200);
    expect(despues.body).toEqual({ ...antes, impresiones: esperado, ctr: Number(((antes.clicks / esperado) * 100).toFixed(4)) });
    const lista = await t.http().get(`/tracking/queries/campanas/${c}/impresiones?limit=1`).expect(200);
    expect(lista.body.total).toBe(esperado);
    const [control] = (await t.dataSource.query('SELECT conjunto_activo FROM proyeccion_control WHERE id = 1')) as { conjunto_activo: string }[];
    expect(control.conjunto_activo).toBe('a');
    process.stdout.write(
      `tracking-queries: ${enviados} live impressions (${alConmutar} before the rebuild completed) published across the switch, each counted once\n`,
    );
  });

  it('a rebuild whose process died is marked FALLIDA, its replay subscription deleted, and a new request takes over', async () => {
    const muerta = randomUUID();
    const otraMuerta = randomUUID();
    const hace5min = new Date(Date.now() - 5 * 60_000);
    for (const id of [muerta, otraMuerta]) {
      await t.dataSource.query(
        `INSERT INTO reconstrucciones (id, estado, fase, destino, origen, instancia, solicitada_en, latido_en, eventos_aplicados, eventos_omitidos, version)
         VALUES (?, 'EN_CURSO', 'REPRODUCIENDO', 'b', 'a', 'otro-host:1', ?, ?, 10, 0, 3)`,
        [id, hace5min, hace5min],
      );
    }
    const admin = new PulsarAdminClient(t.runtime.pulsarHttpUrl);
    const topico = t.runtime.resolveTopic('comisiones.eventos');
    await admin.createSubscription(topico, `tracking-queries.reconstruccion-${muerta}`);

    await t.app.get(ReconstruccionMantenimiento).revisar();
    const estados = (await t.dataSource.query('SELECT id, estado, error FROM reconstrucciones WHERE id IN (?, ?)', [muerta, otraMuerta])) as {
      id: string;
      estado: string;
      error: string;
    }[];
    expect(estados.map((e) => [e.estado, e.error])).toEqual([
      ['FALLIDA', expect.stringContaining('abandonada')],
      ['FALLIDA', expect.stringContaining('abandonada')],
    ]);
    const subs = Object.keys((await admin.partitionedStats(topico)).subscriptions);
    expect(subs.filter((x) => x.startsWith('tracking-queries.reconstruccion-'))).toEqual([]);

    // a stale one found by a request (before any maintenance round) is replaced too
    const tercera = randomUUID();
    await t.dataSource.query(
      `INSERT INTO reconstrucciones (id, estado, fase, destino, origen, instancia, solicitada_en, latido_en, eventos_aplicados, eventos_omitidos, version)
       VALUES (?, 'EN_CURSO', 'REPRODUCIENDO', 'b', 'a', 'otro-host:1', ?, ?, 0, 0, 1)`,
      [tercera, hace5min, hace5min],
    );
    const post = await t.http().post('/tracking/queries/admin/rebuild').send({ motivo: 'tras una caída' }).expect(202);
    expect((await t.http().get(`/tracking/queries/admin/rebuild/${tercera}`).expect(200)).body).toMatchObject({ estado: 'FALLIDA' });
    await esperarReconstruccion(post.body.rebuild_id);
  });
});
