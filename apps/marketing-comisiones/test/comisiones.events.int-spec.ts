import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { consumeTestEvents, publishTestEvents, waitFor } from '@alpes/platform/testing';
import { SUSCRIPCION_COMISIONES } from '../src/interface/messaging/conversiones.consumer';
import { click, conversionRevertida, conversionValidada, impresion } from './support/eventos';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

interface FilaComision {
  id: string;
  estado: string;
  monto: string;
  motivo: string | null;
  modelo: string | null;
  cantidad: string;
}

/**
 * Commissions from conversiones.eventos with the real broker and database: ConversionValidada / ConversionRevertida /
 * ClickRegistrado / ImpresionRegistrada published as conversiones would, consumed by the batch consumer, results read
 * back from the tables and from comisiones.eventos / marketing.eventos.
 */
describe('marketing-comisiones: commissions from conversiones.eventos', () => {
  let t: MarketingTestApp;
  let segunda: MarketingTestApp | undefined;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('comisiones', { ACUMULADOS_PUBLICACION_MS: '300' });
  });
  afterAll(async () => {
    await segunda?.app.close();
    await t?.app.close();
  });

  async function campanaActiva(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides)).expect(201);
    await http().post(`/api/v1/campanas/${res.body.id}/activar`).expect(200);
    return res.body.id;
  }

  async function comisionesDe(campanaId: string): Promise<FilaComision[]> {
    return t.dataSource.query('SELECT id, estado, monto, motivo, modelo, cantidad FROM comisiones WHERE campana_id = ? ORDER BY creado_en, id', [campanaId]);
  }

  async function porConversion(conversionId: string): Promise<FilaComision | undefined> {
    const rows: FilaComision[] = await t.dataSource.query('SELECT id, estado, monto, motivo, modelo, cantidad FROM comisiones WHERE conversion_id = ?', [
      conversionId,
    ]);
    return rows[0];
  }

  async function disponible(campanaId: string): Promise<string> {
    const rows: { d: string }[] = await t.dataSource.query('SELECT presupuesto_disponible d FROM campanas WHERE id = ?', [campanaId]);
    return rows[0].d;
  }

  async function inboxProcesado(eventId: string): Promise<boolean> {
    const rows: unknown[] = await t.dataSource.query('SELECT 1 FROM inbox_messages WHERE subscription = ? AND event_id = ?', [SUSCRIPCION_COMISIONES, eventId]);
    return rows.length > 0;
  }

  it('a ConversionValidada delivered twice (same event_id) and again under another event_id yields exactly one commission', async () => {
    const afiliadoId = await publicarAfiliado(t, { tipo: 'premium', premium: '20' });
    const campanaId = await campanaActiva();
    const eventId = randomUUID();
    const original = conversionValidada(campanaId, afiliadoId, { valor: '150000.5000' }, eventId);
    const otraVez = conversionValidada(campanaId, afiliadoId, { conversion_id: original.payload.conversion_id, valor: '999999' });
    await publishTestEvents(t.runtime.resolveTopic, [original, original]);
    await waitFor(() => porConversion(original.payload.conversion_id), 30_000, 'the commission');
    const [reenvio] = await publishTestEvents(t.runtime.resolveTopic, [otraVez]);
    expect(reenvio.event_id).not.toBe(eventId);
    await waitFor(() => inboxProcesado(reenvio.event_id), 30_000, 'the event with another id consumed');
    expect(await inboxProcesado(eventId)).toBe(true);

    const filas: { n: string }[] = await t.dataSource.query('SELECT COUNT(*) n FROM comisiones WHERE conversion_id = ?', [original.payload.conversion_id]);
    expect(Number(filas[0].n)).toBe(1);
    // Premium affiliate: comision_premium 20 % overrides the campaign's CPS 10 %: 20 % of 150000.5 = 30000.10
    const comision = await porConversion(original.payload.conversion_id);
    expect(comision).toMatchObject({ estado: 'PENDIENTE', monto: '30000.1000', modelo: 'CPS' });
    expect(await disponible(campanaId)).toBe('969999.9000');

    const [evento] = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.envelope.aggregate_id === comision?.id);
    expect(evento.eventType).toBe('ComisionCalculada');
    expect(evento.key).toBe(afiliadoId);
    expect(evento.envelope.causation_id).toBe(eventId);
    expect(evento.payload).toMatchObject({
      id: comision?.id,
      conversion_id: original.payload.conversion_id,
      afiliado_id: afiliadoId,
      campana_id: campanaId,
      modelo: 'CPS',
      base: '150000.5000',
      porcentaje: '20.0000',
      monto: '30000.1000',
      moneda: 'COP',
      periodo: null,
    });
    const porHttp = await http().get(`/api/v1/comisiones/por-conversion/${original.payload.conversion_id}`).expect(200);
    expect(porHttp.body).toMatchObject({ id: comision?.id, monto: 30000.1, base: 150000.5, porcentaje: 20, estado: 'PENDIENTE', tipo: 'conversion' });
  });

  it('a sale in another currency is RECHAZADA MONEDA_DISTINTA and ComisionRechazada is published; a reversal gives the budget back', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva();
    const enDolares = conversionValidada(campanaId, afiliadoId, { moneda: 'USD', valor: '30' });
    const buena = conversionValidada(campanaId, afiliadoId, { tipo_conversion: 'lead', valor: '0' });
    await publishTestEvents(t.runtime.resolveTopic, [enDolares, buena]);
    const rechazada = await waitFor(() => porConversion(enDolares.payload.conversion_id), 30_000, 'rejected commission');
    expect(rechazada).toMatchObject({ estado: 'RECHAZADA', motivo: 'MONEDA_DISTINTA', monto: '0.0000' });
    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.envelope.aggregate_id === rechazada.id, { count: 2 });
    expect(eventos.map((e) => e.eventType)).toEqual(['ComisionCalculada', 'ComisionRechazada']);
    expect(eventos[1].payload).toMatchObject({ motivo: 'MONEDA_DISTINTA', monto: '0.0000', moneda: 'COP' });

    const cpa = await waitFor(() => porConversion(buena.payload.conversion_id), 30_000, 'CPA commission');
    expect(cpa).toMatchObject({ estado: 'PENDIENTE', monto: '5000.0000', modelo: 'CPA' });
    expect(await disponible(campanaId)).toBe('995000.0000');
    await publishTestEvents(t.runtime.resolveTopic, [conversionRevertida(campanaId, afiliadoId, buena.payload.conversion_id)]);
    await waitFor(async () => (await porConversion(buena.payload.conversion_id))?.estado === 'REVERTIDA', 30_000, 'reverted');
    expect(await disponible(campanaId)).toBe('1000000.0000');
    const [revertida] = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.eventType === 'ComisionRevertida' && e.envelope.aggregate_id === cpa.id);
    expect(revertida.payload).toMatchObject({ estado_anterior: 'PENDIENTE', motivo: 'reembolso', monto: '5000.0000' });
  });

  it('clicks and impressions accrue per affiliate, campaign and day; the running total is republished under the same id', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({
      reglas_comision: [
        { tipo_evento: 'click', modelo: 'CPC', valor: 350.5 },
        { tipo_evento: 'impresion', modelo: 'CPM', valor: 2500.5 },
      ],
    });
    await publishTestEvents(t.runtime.resolveTopic, [
      ...Array.from({ length: 7 }, () => impresion(campanaId, afiliadoId)),
      ...Array.from({ length: 3 }, () => click(campanaId, afiliadoId)),
    ]);
    const acumulados = await waitFor(
      async () => {
        const filas = await comisionesDe(campanaId);
        return filas.length === 2 && filas.reduce((n, f) => n + Number(f.cantidad), 0) === 10 ? filas : null;
      },
      30_000,
      'two accruals with 10 events',
    );
    const cpm = acumulados.find((f) => f.modelo === 'CPM');
    const cpc = acumulados.find((f) => f.modelo === 'CPC');
    expect(cpm).toMatchObject({ cantidad: '7', monto: '17.5000' }); // 7 × 2500.5 / 1000 = 17.5035 → 17.50
    expect(cpc).toMatchObject({ cantidad: '3', monto: '1051.5000' });
    // The periodic flush may also have published an intermediate running total (if it ran between two batches of
    // these impressions); what matters is that the total of all 7 is published under the accrual's id.
    const [primero] = await consumeTestEvents(
      t.runtime.resolveTopic,
      'comisiones.eventos',
      (e) => e.eventType === 'ComisionCalculada' && e.envelope.aggregate_id === cpm?.id && (e.payload as { monto: string }).monto === '17.5000',
    );
    expect(primero.payload).toMatchObject({ id: cpm?.id, conversion_id: null, modelo: 'CPM', base: '2500.5000', monto: '17.5000', periodo: new Date().toISOString().slice(0, 10) });

    await publishTestEvents(t.runtime.resolveTopic, Array.from({ length: 3 }, () => impresion(campanaId, afiliadoId)));
    const [ultimo] = await consumeTestEvents(
      t.runtime.resolveTopic,
      'comisiones.eventos',
      (e) => e.eventType === 'ComisionCalculada' && e.envelope.aggregate_id === cpm?.id && (e.payload as { monto: string }).monto === '25.0100',
    );
    // Same id, running total from the exact count: 10 × 2500.5 / 1000 = 25.005 → 25.01 (not 17.50 + 7.50)
    expect(ultimo.payload).toMatchObject({ id: cpm?.id, modelo: 'CPM', monto: '25.0100' });
    expect(await disponible(campanaId)).toBe('998923.4900'); // 1000000 − 25.01 − 1051.50
    // While its day runs, an accrual cannot be approved.
    const res = await http().post(`/api/v1/comisiones/${cpm?.id}/aprobar`).expect(422);
    expect(res.body.code).toBe('COMISION.ACUMULADO_EN_CURSO');
  });

  it('budget exhaustion under concurrent conversions on two instances plus concurrent manual commissions never overspends', async () => {
    segunda = await startMarketingTestApp('comisiones', { ACUMULADOS_PUBLICACION_MS: '300' }, t.runtime);
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 123456.78 });
    const conversiones = Array.from({ length: 30 }, () => conversionValidada(campanaId, afiliadoId)); // 10000.00 each
    const apps = [t, segunda];
    const [, manuales] = await Promise.all([
      publishTestEvents(t.runtime.resolveTopic, conversiones),
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(apps[i % 2].app.getHttpServer())
            .post('/api/v1/comisiones')
            .send({ afiliado_id: afiliadoId, conversion_id: `manual-${randomUUID()}`, campana_id: campanaId, tipo_comision: 'fija', monto: 1234.56 }),
        ),
      ),
    ]);
    expect(manuales.every((r) => r.status === 201 || (r.status === 422 && r.body.code === 'CAMPANA.PRESUPUESTO_INSUFICIENTE'))).toBe(true);
    await waitFor(
      async () => {
        const rows: { n: string }[] = await t.dataSource.query('SELECT COUNT(*) n FROM comisiones WHERE campana_id = ? AND tipo = ?', [campanaId, 'CONVERSION']);
        return Number(rows[0].n) === 30;
      },
      60_000,
      '30 conversion commissions',
    );
    const [suma]: { total: string; rechazadas: string }[] = await t.dataSource.query(
      "SELECT SUM(monto) total, SUM(CASE WHEN estado = 'RECHAZADA' THEN 1 ELSE 0 END) rechazadas FROM comisiones WHERE campana_id = ?",
      [campanaId],
    );
    expect(suma.total).toBe('123456.7800');
    expect(Number(suma.rechazadas)).toBeGreaterThan(0); // later conversions found nothing left: RECHAZADA PRESUPUESTO_AGOTADO
    expect(await disponible(campanaId)).toBe('0.0000');
    const campana = await http().get(`/api/v1/campanas/${campanaId}`).expect(200);
    expect(campana.body).toMatchObject({ estado: 'PAUSADA', presupuesto_disponible: 0 });
    const todas = await comisionesDe(campanaId);
    expect(todas.filter((f) => f.estado === 'RECHAZADA').every((f) => f.motivo === 'PRESUPUESTO_AGOTADO' && f.monto === '0.0000')).toBe(true);

    const [agotado] = await consumeTestEvents(t.runtime.resolveTopic, 'marketing.eventos', (e) => e.eventType === 'PresupuestoAgotado' && e.envelope.aggregate_id === campanaId);
    expect(agotado.payload).toEqual({ campana_id: campanaId, presupuesto: '123456.7800', presupuesto_disponible: '0.0000', moneda: 'COP' });
    const [pausada] = await consumeTestEvents(t.runtime.resolveTopic, 'marketing.eventos', (e) => e.eventType === 'CampanaPausada' && e.envelope.aggregate_id === campanaId);
    expect(pausada.payload).toEqual({ campana_id: campanaId, motivo: 'PRESUPUESTO_AGOTADO' });
    const outbox: { n: string }[] = await t.dataSource.query(
      'SELECT COUNT(*) n FROM outbox_messages WHERE event_type = ? AND message_key = ?',
      ['PresupuestoAgotado', campanaId],
    );
    expect(Number(outbox[0].n)).toBe(1);
    // The commissions that were paid from the budget also reached the topic.
    const calculadas = await consumeTestEvents(
      t.runtime.resolveTopic,
      'comisiones.eventos',
      (e) => e.eventType === 'ComisionCalculada' && (e.payload as { campana_id: string }).campana_id === campanaId,
      { count: todas.length },
    );
    expect(calculadas).toHaveLength(todas.length);
  });
});
