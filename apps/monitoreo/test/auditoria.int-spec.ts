import { randomUUID } from 'node:crypto';
import type { AccionAuditada } from '../src/domain/auditoria/accion-auditada';
import { TypeormEventLogStore } from '../src/infrastructure/persistence/typeorm-event-log.store';
import { ev, esperarGet, ids, publicar } from './support/eventos';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

interface Pagina {
  items: { event_id: string; servicio: string; accion: string; recurso: string; recurso_id: string; actor: string; resultado: string; at: string; correlation_id: string | null }[];
  total: number;
  page: number;
  limit: number;
}

/** /auditoria from real AccionRegistrada events (auditoria.eventos), with every filter and pagination. */
describe('monitoreo: /auditoria', () => {
  let t: MonitoreoTestApp;
  const recurso = ids('r');
  const base = Date.UTC(2025, 4, 1, 10, 0, 0);
  const accion = (i: number, servicio: string, accion: string, recursoId: string, correlation = `corr-${i}`) =>
    ev(
      'AccionRegistrada',
      { servicio, accion, recurso, recurso_id: recursoId, actor: `actor-${i}`, resultado: i === 3 ? 'RECHAZADO' : 'OK', at: base + i * 60_000, detalle: null },
      { key: recursoId, correlation_id: correlation },
    );

  beforeAll(async () => {
    t = await startMonitoreoTestApp('auditoria');
    await publicar(
      t,
      accion(1, 'afiliados', 'REGISTRAR_AFILIADO', 'a-1'),
      accion(2, 'afiliados', 'ACTIVAR_AFILIADO', 'a-1'),
      accion(3, 'conversiones', 'REGISTRAR_CONVERSION', 'c-1'),
      accion(4, 'marketing-comisiones', 'APROBAR_COMISION', 'k-1'),
      accion(5, 'afiliados', 'SUSPENDER_AFILIADO', 'a-2'),
    );
    await esperarGet(t, `/auditoria?recurso=${recurso}`, (b: Pagina) => b.total === 5);
  });
  afterAll(async () => {
    await t?.close();
  });

  const get = async (q: string) => (await t.http().get(`/auditoria?recurso=${recurso}&${q}`).expect(200)).body as Pagina;

  it('newest first, with what the services recorded', async () => {
    const p = await get('');
    expect(p).toMatchObject({ total: 5, page: 1, limit: 20 });
    expect(p.items.map((i) => i.accion)).toEqual(['SUSPENDER_AFILIADO', 'APROBAR_COMISION', 'REGISTRAR_CONVERSION', 'ACTIVAR_AFILIADO', 'REGISTRAR_AFILIADO']);
    expect(p.items[2]).toMatchObject({ servicio: 'conversiones', recurso, recurso_id: 'c-1', actor: 'actor-3', resultado: 'RECHAZADO', at: new Date(base + 3 * 60_000).toISOString(), correlation_id: 'corr-3' });
  });

  it('filters by servicio, recurso_id, accion and time (both ends inclusive), and paginates', async () => {
    expect((await get('servicio=afiliados')).items.map((i) => i.recurso_id)).toEqual(['a-2', 'a-1', 'a-1']);
    expect((await get('recurso_id=a-1')).total).toBe(2);
    expect((await get('accion=APROBAR_COMISION')).items.map((i) => i.servicio)).toEqual(['marketing-comisiones']);
    const desde = new Date(base + 2 * 60_000).toISOString();
    const hasta = new Date(base + 4 * 60_000).toISOString();
    expect((await get(`desde=${desde}&hasta=${hasta}`)).items.map((i) => i.accion)).toEqual(['APROBAR_COMISION', 'REGISTRAR_CONVERSION', 'ACTIVAR_AFILIADO']);
    expect((await get('desde=2025-05-01T10:04:30%2B00:00')).total).toBe(1);
    expect((await get('hasta=2025-05-01')).total).toBe(0);
    const pagina2 = await get('limit=2&page=2');
    expect(pagina2).toMatchObject({ total: 5, page: 2, limit: 2 });
    expect(pagina2.items.map((i) => i.accion)).toEqual(['REGISTRAR_CONVERSION', 'ACTIVAR_AFILIADO']);
    expect((await get('servicio=nadie')).items).toEqual([]);
  });

  it('every AccionRegistrada is also in the event log, received at the same (batch) time as its audit row', async () => {
    const r = await t.http().get('/events?event_type=AccionRegistrada&source_topic=auditoria.eventos&limit=100').expect(200);
    expect(r.body.total).toBeGreaterThanOrEqual(5);
    const filas: { event_id: string; recibido_en: Date; received_at: Date }[] = await t.dataSource.query(
      `SELECT a.event_id, a.recibido_en, r.received_at FROM auditoria a JOIN registro_eventos r ON r.event_id = a.event_id AND r.source_topic = 'auditoria.eventos'
       WHERE a.recurso = ?`,
      [recurso],
    );
    expect(filas).toHaveLength(5);
    for (const f of filas) expect({ id: f.event_id, recibido: f.recibido_en.toISOString() }).toEqual({ id: f.event_id, recibido: f.received_at.toISOString() });
  });

  it('the store writes the batch time it is given into recibido_en, never its own clock', async () => {
    const recibidoEn = new Date('2025-05-02T08:00:00.123Z');
    const accion: AccionAuditada = {
      eventId: randomUUID(),
      servicio: 'afiliados',
      accion: 'REGISTRAR_AFILIADO',
      recurso: ids('r'),
      recursoId: 'a-9',
      actor: 'ana',
      resultado: 'OK',
      detalle: null,
      at: new Date(base),
      correlationId: null,
      recibidoEn,
    };
    await new TypeormEventLogStore(t.dataSource.manager).registrarAuditoria([accion]);
    const [fila]: { recibido_en: Date }[] = await t.dataSource.query('SELECT recibido_en FROM auditoria WHERE event_id = ?', [accion.eventId]);
    expect(fila.recibido_en.toISOString()).toBe(recibidoEn.toISOString());
  });

  it('bad dates, pages and unknown filters → 400 naming the field', async () => {
    const fechas = ['desde=2024-W01', 'hasta=20240101', 'desde=-2024-01-01', 'hasta=%2B002024-01-01', 'desde=2024-001', 'hasta=2023-02-29', 'desde=10000-01-01', 'hasta=9999-12-31T23:00:00-05:00'];
    for (const q of [...fechas, 'desde=ayer', 'hasta=2025-13-01', 'desde=2025-02-30T10:00:00Z', 'desde=', 'page=0', 'limit=101', 'limit=x', 'usuario=1', 'servicio=a&servicio=b']) {
      const res = await t.http().get(`/auditoria?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(res.body.errors[0].field).toBe(q.split('=')[0]);
    }
  });
});
