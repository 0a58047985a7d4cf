import { consumeTestEvents } from '@alpes/platform/testing';
import { EvaluacionAlertasScheduler } from '../src/infrastructure/scheduling/evaluacion-alertas.scheduler';
import { ev, esperarGet, ids, publicar } from './support/eventos';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';
import { silenciarLogs } from './support/silenciar-logs';

interface Alerta {
  id: string;
  regla: string;
  valor: number;
  umbral: number;
  periodo: string;
  clicks: number;
  conversiones: number;
  estado: 'ACTIVA' | 'RESUELTA';
  disparada_en: string;
  resuelta_en: string | null;
  valor_resolucion: number | null;
}
interface Alertas {
  reglas: { id: string; umbral: number; periodo: string; minimo_clicks: number; activa: boolean }[];
  items: Alerta[];
  total: number;
  page: number;
  limit: number;
}

const AJUSTES = { MONITOREO_ALERTA_UMBRAL: '10', MONITOREO_ALERTA_MINIMO_CLICKS: '20', MONITOREO_ALERTA_PERIODO: '1h' };

/**
 * TASA_CONVERSION_BAJA end to end: real events in, evaluations, AlertaDisparada out on sistema.eventos (through the
 * outbox, consumed back into the log), exactly one per breach; resolution; configuration over HTTP. The rounds are
 * driven by the test once the log holds the events (a day between automatic ones), so every measured rate is exact.
 */
describe('monitoreo: /alertas', () => {
  silenciarLogs();
  let t: MonitoreoTestApp;
  const campana = ids('camp');
  const clicks = (n: number) => Array.from({ length: n }, () => ev('ClickRegistrado', { id: ids('c'), campana_id: campana }, { key: campana }));
  const conversiones = (n: number) =>
    Array.from({ length: n }, () => ev('ConversionValidada', { conversion_id: ids('v'), campana_id: campana, tipo_conversion: 'registro', valor: '0.0000', moneda: 'USD' }, { key: campana }));
  const alertasPublicadas = async () => {
    const filas: { n: string }[] = await t.dataSource.query("SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'AlertaDisparada'");
    return Number(filas[0].n);
  };
  const rondas = async (n: number) => {
    const scheduler = t.app.get(EvaluacionAlertasScheduler);
    for (let i = 0; i < n; i++) await scheduler.tick();
  };
  /** Waits until the log holds exactly these totals of the last hour. */
  const enElLog = (clicks: number, conversions: number) =>
    esperarGet(t, '/metrics?period=1h', (m: { total_clicks: number; total_conversions: number }) => m.total_clicks === clicks && m.total_conversions === conversions);

  beforeAll(async () => {
    t = await startMonitoreoTestApp('alertas', { settings: { ...AJUSTES, MONITOREO_ALERTA_INTERVALO_MS: '86400000' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the rule starts with the environment defaults; no alert without enough clicks', async () => {
    await publicar(t, ...clicks(19));
    await enElLog(19, 0);
    await rondas(2);
    const r = (await t.http().get('/alertas').expect(200)).body as Alertas;
    expect(r).toEqual({ reglas: [{ id: 'TASA_CONVERSION_BAJA', umbral: 10, periodo: '1h', minimo_clicks: 20, activa: true }], items: [], total: 0, page: 1, limit: 20 });
  });

  it('fires once per breach (one AlertaDisparada on sistema.eventos), resolves when the rate recovers, fires again on a new breach', async () => {
    // 1 conversion / 20 clicks = 5 % < 10 %.
    await publicar(t, ...conversiones(1), ...clicks(1));
    await enElLog(20, 1);
    await rondas(1);
    const activa = (await t.http().get('/alertas?estado=ACTIVA').expect(200)).body as Alertas;
    expect(activa.total).toBe(1);
    const primera = activa.items[0];
    expect(primera).toMatchObject({ regla: 'TASA_CONVERSION_BAJA', valor: 5, umbral: 10, periodo: '1h', clicks: 20, conversiones: 1, estado: 'ACTIVA', resuelta_en: null });

    const [evento] = await consumeTestEvents(t.runtime.resolveTopic, 'sistema.eventos', (e) => e.eventType === 'AlertaDisparada', { count: 1 });
    expect(evento.key).toBe('monitoreo');
    expect(evento.envelope.producer).toBe('monitoreo');
    expect(evento.payload).toMatchObject({ id: primera.id, regla: 'TASA_CONVERSION_BAJA', valor: 5, umbral: 10, periodo: '1h' });
    // Consumed back into the log like any event of sistema.eventos.
    await esperarGet(t, '/events?event_type=AlertaDisparada', (b: { total: number }) => b.total === 1);

    // Still breached through more rounds (and more clicks): no second alert, no second event.
    await publicar(t, ...clicks(5));
    await enElLog(25, 1);
    await rondas(3);
    expect(await alertasPublicadas()).toBe(1);
    expect(((await t.http().get('/alertas').expect(200)).body as Alertas).total).toBe(1);

    // 4 / 25 = 16 % ≥ 10 %: resolved.
    await publicar(t, ...conversiones(3));
    await enElLog(25, 4);
    await rondas(1);
    const resuelta = (await t.http().get('/alertas?estado=RESUELTA').expect(200)).body as Alertas;
    expect(resuelta.items).toEqual([expect.objectContaining({ id: primera.id, estado: 'RESUELTA', valor_resolucion: 16 })]);
    expect(Date.parse(resuelta.items[0].resuelta_en as string)).toBeGreaterThanOrEqual(Date.parse(primera.disparada_en));
    expect(((await t.http().get('/alertas?estado=ACTIVA').expect(200)).body as Alertas).total).toBe(0);

    // 4 / 60 = 6.67 %: a new breach, a new alert, a second event.
    await publicar(t, ...clicks(35));
    await enElLog(60, 4);
    await rondas(3);
    const nueva = (await t.http().get('/alertas?estado=ACTIVA').expect(200)).body as Alertas;
    expect(nueva.items).toEqual([expect.objectContaining({ valor: 6.67, clicks: 60, conversiones: 4 })]);
    expect(nueva.items[0].id).not.toBe(primera.id);
    expect(await alertasPublicadas()).toBe(2);
    const todas = (await t.http().get('/alertas').expect(200)).body as Alertas;
    expect(todas.items.map((a) => [a.id, a.estado])).toEqual([
      [nueva.items[0].id, 'ACTIVA'],
      [primera.id, 'RESUELTA'],
    ]);
    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'sistema.eventos', (e) => e.eventType === 'AlertaDisparada', { count: 2 });
    expect(eventos.map((e) => (e.payload as { id: string }).id)).toEqual([primera.id, nueva.items[0].id]);
  });

  it('PUT configures the rule (stored, audited); the next evaluation applies it', async () => {
    const res = await t.http().put('/alertas/reglas/TASA_CONVERSION_BAJA').set('x-actor', 'ana').send({ umbral: 5 }).expect(200);
    expect(res.body).toEqual({ id: 'TASA_CONVERSION_BAJA', umbral: 5, periodo: '1h', minimo_clicks: 20, activa: true });
    expect(((await t.http().get('/alertas').expect(200)).body as Alertas).reglas[0].umbral).toBe(5);
    // 6.67 % ≥ 5 %: the active alert resolves.
    await rondas(1);
    expect(((await t.http().get('/alertas?estado=ACTIVA').expect(200)).body as Alertas).total).toBe(0);
    const auditoria = await esperarGet<{ total: number; items: { servicio: string; accion: string; recurso: string; recurso_id: string; actor: string; resultado: string }[] }>(
      t,
      '/auditoria?servicio=monitoreo&recurso=regla_alerta',
      (b) => b.total === 1,
    );
    expect(auditoria.items[0]).toMatchObject({ servicio: 'monitoreo', accion: 'CONFIGURAR_REGLA_ALERTA', recurso: 'regla_alerta', recurso_id: 'TASA_CONVERSION_BAJA', actor: 'ana', resultado: 'OK' });

    await t.http().put('/alertas/reglas/TASA_CONVERSION_BAJA').send({ umbral: 2.5, periodo: '24h', minimo_clicks: 0, activa: false }).expect(200);
    const r = (await t.http().get('/alertas').expect(200)).body as Alertas;
    expect(r.reglas).toEqual([{ id: 'TASA_CONVERSION_BAJA', umbral: 2.5, periodo: '24h', minimo_clicks: 0, activa: false }]);
  });
  it('bad rule bodies and ids → 400 naming the field, unknown rule → 404; bad estado → 400', async () => {
    const put = (id: string, body: unknown) => t.http().put(`/alertas/reglas/${id}`).send(body as object);
    for (const [body, campo] of [
      [{ umbral: 'dos' }, 'umbral'],
      [{ umbral: -1 }, 'umbral'],
      [{ umbral: 100.5 }, 'umbral'],
      [{ umbral: 1.23456 }, 'umbral'],
      [{ periodo: '2h' }, 'periodo'],
      [{ minimo_clicks: 1.5 }, 'minimo_clicks'],
      [{ minimo_clicks: -3 }, 'minimo_clicks'],
      [{ activa: 'si' }, 'activa'],
      [{ otra: 1 }, 'otra'],
      [{ umbral: 1e-7 }, 'umbral'],
      [{ umbral: null }, 'umbral'],
      [{ activa: null }, 'activa'],
    ] as const) {
      const res = await put('TASA_CONVERSION_BAJA', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(campo);
    }
    expect((await put('OTRA_REGLA', { umbral: 1 }).expect(404)).body.code).toBe('MONITOREO.REGLA_NO_ENCONTRADA');
    expect((await put('mala%20regla', { umbral: 1 }).expect(400)).body.errors[0].field).toBe('id');
    const malJson = await t.http().put('/alertas/reglas/TASA_CONVERSION_BAJA').set('content-type', 'application/json').send('{"umbral":');
    expect(malJson.status).toBe(400);
    // A text/plain body used to be ignored: 200 as a no-op, yet audited. Now 415, and nothing is audited.
    const antes = (await t.http().get('/auditoria?servicio=monitoreo&recurso=regla_alerta').expect(200)).body.total as number;
    const texto = await t.http().put('/alertas/reglas/TASA_CONVERSION_BAJA').set('content-type', 'text/plain').send('umbral=1');
    expect(texto.status).toBe(415);
    expect(texto.body.code).toBe('HTTP.TIPO_CONTENIDO_NO_SOPORTADO');
    for (const ruta of ['/events?limit=1e3', '/events?limit=0x10', '/alertas?page=%205', '/alertas?page=1.0']) {
      const res = await t.http().get(ruta);
      expect({ ruta, status: res.status }).toEqual({ ruta, status: 400 });
    }
    expect((await t.http().get('/auditoria?servicio=monitoreo&recurso=regla_alerta').expect(200)).body.total).toBe(antes);
    for (const q of ['estado=FOO', 'estado=activa', 'page=0', 'limit=101']) {
      const res = await t.http().get(`/alertas?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
    await t.http().get('/alertas?estado=RESUELTA&page=2&limit=1').expect(200);
  });
});

describe('monitoreo: alerts on the timer', () => {
  silenciarLogs();
  let t: MonitoreoTestApp;

  beforeAll(async () => {
    t = await startMonitoreoTestApp('alertas_timer', { settings: { ...AJUSTES, MONITOREO_ALERTA_INTERVALO_MS: '200' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('evaluates every MONITOREO_ALERTA_INTERVALO_MS by itself: a breach becomes an ACTIVA alert', async () => {
    const campana = ids('camp');
    await publicar(t, ...Array.from({ length: 30 }, () => ev('ClickRegistrado', { id: ids('c'), campana_id: campana }, { key: campana })));
    const r = await esperarGet<Alertas>(t, '/alertas?estado=ACTIVA', (b) => b.total === 1);
    // Fired as soon as a round saw ≥ 20 clicks (all of them or part of the batch): no conversion, so a rate of 0.
    expect(r.items[0]).toMatchObject({ regla: 'TASA_CONVERSION_BAJA', valor: 0, umbral: 10, conversiones: 0 });
    expect(r.items[0].clicks).toBeGreaterThanOrEqual(20);
  });
});
