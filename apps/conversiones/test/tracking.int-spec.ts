import { randomUUID } from 'node:crypto';
import { decodeEvent, isEvent, type RegistrarImpresion } from '@alpes/contracts';
import { IngestaNoDisponibleError, type ComandoIngesta } from '../src/application/ports/cola-ingesta.port';
import { IngestaAgrupada } from '../src/infrastructure/ingesta/ingesta-agrupada';
import { ProyeccionesCacheEnMemoria } from '../src/infrastructure/proyecciones/proyecciones-cache';
import { LimpiezaScheduler, RETENCION_CONTADORES_MIN } from '../src/infrastructure/scheduling/limpieza.scheduler';
import { PulsarWebSocketClient } from '@alpes/messaging';
import { consumeTestEvents, publishTestEvents, sleep, waitFor } from '@alpes/platform/testing';
import { DIA, iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { esperarConversion, esperarEventos, get, post, type Body } from './support/http';

/**
 * The tracking write side end to end, on the real broker and database: HTTP → outbox → tracking.comandos → batch
 * processor → event store + outbox → conversiones.eventos; attribution through real clicks; every rejection code;
 * idempotency; revert; GET rebuilt from the events.
 */
describe('conversiones: tracking pipeline (real MariaDB + Pulsar)', () => {
  let e: Escenario;
  const uid = () => randomUUID().slice(0, 8);

  beforeAll(async () => {
    e = await iniciarEscenario('tracking');
  });

  afterAll(async () => {
    await e?.close();
  });

  const conversion = (o: Body): Promise<Body> =>
    post(e, '/api/v1/conversiones', { tipo_conversion: 'venta', valor_conversion: 1000, moneda: 'COP', ...o })
      .expect(202)
      .then((r) => r.body as Body);
  const directa = (o: Body = {}) => conversion({ afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, ...o });
  const click = (o: Body = {}): Promise<string> =>
    post(e, '/api/v1/tracking/clicks', { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, ...o })
      .expect(202)
      .then((r) => r.body.id as string);

  it('an impression goes HTTP → tracking.comandos (keyed by campaign) → event store (Avro) → conversiones.eventos', async () => {
    const id = `imp-${uid()}`;
    const r = await post(e, '/api/v1/tracking/impresiones', {
      id,
      campana_id: MUNDO.campana,
      afiliado_id: MUNDO.afiliado,
      usuario_id: 'usr-101',
      ip_address: '181.49.10.20',
      user_agent: 'Mozilla/5.0',
      referrer: 'https://instagram.com',
      timestamp: '2026-03-01T10:00:00Z',
    }).set('x-correlation-id', `corr-${id}`);
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ id });

    const [comando] = await consumeTestEvents(e.runtime.resolveTopic, 'tracking.comandos', (ev) => isEvent(ev, 'RegistrarImpresion') && ev.payload.id === id);
    expect(comando.key).toBe(MUNDO.campana);
    expect(comando.envelope.correlation_id).toBe(`corr-${id}`);

    const [fila] = await esperarEventos(e, id, 1);
    expect(fila).toMatchObject({ aggregate_type: 'Impresion', event_type: 'ImpresionRegistrada', schema_version: 1, marca: null, correlation_id: `corr-${id}` });
    expect(Number(fila.version)).toBe(1);

    const [evento] = await consumeTestEvents(e.runtime.resolveTopic, 'conversiones.eventos', (ev) => isEvent(ev, 'ImpresionRegistrada') && ev.payload.id === id);
    expect(evento.key).toBe(id);
    expect(evento.envelope.event_id).toBe(fila.event_id);
    expect(evento.envelope.correlation_id).toBe(`corr-${id}`);
    expect(evento.payload).toEqual({
      id,
      campana_id: MUNDO.campana,
      afiliado_id: MUNDO.afiliado,
      usuario_id: 'usr-101',
      user_agent: 'Mozilla/5.0',
      ip_address: '181.49.10.20',
      referrer: 'https://instagram.com',
      timestamp: Date.parse('2026-03-01T10:00:00Z'),
    });
    // The stored payload is the contract's Avro: decode it the way any consumer would.
    const decoded = decodeEvent({ ...evento.envelope, payload: fila.payload as Buffer });
    expect(decoded.known && decoded.payload).toEqual(evento.payload);
  });

  it('attributes a conversion through a real click: VALIDADA, published, audited, and GET rebuilds it from its events', async () => {
    const usuario = `usr-${uid()}`;
    const clickId = await click({ usuario_id: usuario, ip_address: '198.51.100.7', url: 'https://product.com/item/123' });
    const id = `conv-${uid()}`;
    const aceptada = await conversion({ id, click_id: clickId, valor_conversion: 150000.5, referencia_externa: `PED-${uid()}`, usuario_id: usuario });
    expect(aceptada).toEqual({ id, estado: 'REGISTRADA' });

    const vista = await esperarConversion(e, id, 'VALIDADA');
    expect(vista).toMatchObject({
      id,
      afiliado_id: MUNDO.afiliado,
      campana_id: MUNDO.campana,
      click_id: clickId,
      tipo_conversion: 'venta',
      valor_conversion: 150000.5,
      moneda: 'COP',
      motivo_rechazo: null,
      procesada: true,
    });
    expect((vista.historial as Body[]).map((h) => [h.evento, h.estado])).toEqual([
      ['ConversionRegistrada', 'REGISTRADA'],
      ['ConversionValidada', 'VALIDADA'],
    ]);

    const [validada] = await consumeTestEvents(e.runtime.resolveTopic, 'conversiones.eventos', (ev) => isEvent(ev, 'ConversionValidada') && ev.payload.conversion_id === id);
    expect(validada.key).toBe(id);
    expect(validada.payload).toMatchObject({ afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, click_id: clickId, valor: '150000.5000', moneda: 'COP' });
    const [registrada] = await consumeTestEvents(e.runtime.resolveTopic, 'conversiones.eventos', (ev) => isEvent(ev, 'ConversionRegistrada') && ev.payload.id === id);
    expect(registrada.payload).toMatchObject({ click_id: clickId, afiliado_id: null, valor: '150000.5000' });
    const [auditoria] = await consumeTestEvents(e.runtime.resolveTopic, 'auditoria.eventos', (ev) => isEvent(ev, 'AccionRegistrada') && ev.payload.recurso_id === id);
    expect(auditoria.payload).toMatchObject({ servicio: 'conversiones', accion: 'RegistrarConversion', recurso: 'conversion', resultado: 'OK' });
  });

  it('last click wins: a later click of the same usuario_id in the campaign takes the conversion', async () => {
    const usuario = `usr-${uid()}`;
    const ahora = Date.now();
    const primero = await click({ usuario_id: usuario, afiliado_id: MUNDO.afiliado, timestamp: ahora - 120_000 });
    const ultimo = await click({ usuario_id: usuario, afiliado_id: MUNDO.afiliado2, timestamp: ahora - 60_000 });
    const id = `conv-${uid()}`;
    await conversion({ id, click_id: primero, usuario_id: usuario });
    const vista = await esperarConversion(e, id, 'VALIDADA');
    expect(vista).toMatchObject({ afiliado_id: MUNDO.afiliado2, click_id: ultimo });
  });

  describe('every rejection becomes ConversionRechazada with its motivo', () => {
    async function rechazada(id: string, motivo: string): Promise<void> {
      const vista = await esperarConversion(e, id, 'RECHAZADA');
      expect(vista.motivo_rechazo).toBe(motivo);
      expect((vista.historial as Body[]).map((h) => h.motivo ?? null)).toEqual([null, motivo]);
      const [evento] = await consumeTestEvents(
        e.runtime.resolveTopic,
        'conversiones.eventos',
        (ev) => isEvent(ev, 'ConversionRechazada') && ev.payload.conversion_id === id,
      );
      expect(evento.payload).toMatchObject({ motivo });
    }

    it('REFERENCIA_DUPLICADA: a second validated conversion with the same referencia_externa in the campaign', async () => {
      const referencia = `PED-${uid()}`;
      const primera = `conv-${uid()}`;
      await directa({ id: primera, referencia_externa: referencia });
      await esperarConversion(e, primera, 'VALIDADA');
      const segunda = `conv-${uid()}`;
      await directa({ id: segunda, referencia_externa: referencia });
      await rechazada(segunda, 'REFERENCIA_DUPLICADA');
      // The same reference in another campaign is fine.
      const otra = `conv-${uid()}`;
      await conversion({ id: otra, afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campanaCorta, referencia_externa: referencia });
      await esperarConversion(e, otra, 'VALIDADA');
    });

    it.each([
      ['CAMPANA_INACTIVA', { campana_id: MUNDO.campanaPausada }],
      ['AFILIADO_INACTIVO', { afiliado_id: MUNDO.afiliadoSuspendido }],
      ['AFILIADO_NO_ASIGNADO', { afiliado_id: MUNDO.afiliadoSinAsignar }],
      ['VALOR_INVALIDO', { valor_conversion: 0 }],
      ['MONEDA_DISTINTA', { moneda: 'USD', valor_conversion: 10.5 }],
    ])('%s', async (motivo, o) => {
      const id = `conv-${uid()}`;
      await directa({ id, ...o });
      await rechazada(id, motivo);
    });

    it('CLICK_FUERA_DE_VENTANA: the click is older than the campaign window (1 day)', async () => {
      const ahora = Date.now();
      const viejo = await click({ campana_id: MUNDO.campanaCorta, timestamp: ahora - 2 * DIA });
      const id = `conv-${uid()}`;
      await conversion({ id, click_id: viejo, timestamp: ahora });
      await rechazada(id, 'CLICK_FUERA_DE_VENTANA');
    });

    it('CLICK_DESCONOCIDO: the click never arrives within the grace period (2 s here)', async () => {
      const id = `conv-${uid()}`;
      await conversion({ id, click_id: `ghost-${uid()}` });
      await sleep(500);
      expect((await get(e, `/api/v1/conversiones/${id}`)).body.estado).toBe('REGISTRADA');
      await rechazada(id, 'CLICK_DESCONOCIDO');
    });

    it('a conversion whose click arrives late (but within the grace period) is validated', async () => {
      const clickId = `click-${uid()}`;
      const id = `conv-${uid()}`;
      const ahora = Date.now();
      await conversion({ id, click_id: clickId, timestamp: ahora });
      await esperarEventos(e, id, 1);
      await sleep(300);
      expect((await get(e, `/api/v1/conversiones/${id}`)).body.estado).toBe('REGISTRADA');
      // The click happened before the conversion; its request just arrived later.
      await click({ id: clickId, timestamp: ahora - 5_000 });
      await esperarConversion(e, id, 'VALIDADA');
    });

    it('CLICK_FLOODING: clicks past the threshold (3 per IP, campaign and minute) are flagged, not published, counted', async () => {
      const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
      const minuto = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await click({ ip_address: ip, timestamp: minuto + i * 1000, usuario_id: `u-${uid()}` }));
      await waitFor(async () => (await e.query('SELECT id FROM clicks WHERE id IN (?, ?, ?, ?, ?)', ids)).length === 5, 20_000, 'clicks recorded');
      const marcas = await e.query<{ aggregate_id: string; marca: string | null }>(
        `SELECT aggregate_id, marca FROM event_store WHERE aggregate_id IN (?, ?, ?, ?, ?)`,
        ids,
      );
      const porId = new Map(marcas.map((m) => [m.aggregate_id, m.marca]));
      expect(ids.map((id) => porId.get(id))).toEqual([null, null, null, 'CLICK_FLOODING', 'CLICK_FLOODING']);
      const enOutbox = await e.query<{ message_key: string }>(
        "SELECT message_key FROM outbox_messages WHERE event_type = 'ClickRegistrado' AND message_key IN (?, ?, ?, ?, ?)",
        ids,
      );
      expect(enOutbox.map((r) => r.message_key).sort()).toEqual(ids.slice(0, 3).sort());

      const id = `conv-${uid()}`;
      await conversion({ id, click_id: ids[3] });
      await rechazada(id, 'CLICK_FLOODING');

      const fraude = await get(e, `/api/v1/tracking/fraude?campana_id=${MUNDO.campana}`).expect(200);
      expect(fraude.body).toMatchObject({ umbral_clicks_por_ip_minuto: 3, clicks_marcados: 2, conversiones_rechazadas_flooding: 1 });
      expect(fraude.body.por_campana).toEqual([{ campana_id: MUNDO.campana, clicks_marcados: 2 }]);
    });
  });

  describe('idempotency', () => {
    it('the same impression id twice over HTTP has one effect', async () => {
      const id = `imp-${uid()}`;
      const body = { id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado };
      await post(e, '/api/v1/tracking/impresiones', body).expect(202, { id });
      await post(e, '/api/v1/tracking/impresiones', body).expect(202, { id });
      const marcador = `imp-${uid()}`;
      await post(e, '/api/v1/tracking/impresiones', { ...body, id: marcador }).expect(202);
      await esperarEventos(e, marcador, 1);
      expect(await e.query('SELECT * FROM event_store WHERE aggregate_id = ?', [id])).toHaveLength(1);
      expect(await e.query("SELECT * FROM outbox_messages WHERE event_type = 'ImpresionRegistrada' AND message_key = ?", [id])).toHaveLength(1);
    });

    it('a duplicated command on tracking.comandos (redelivered event, or a new command for the same id) has one effect', async () => {
      const id = `imp-${uid()}`;
      const payload = { id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, usuario_id: null, user_agent: null, ip_address: null, referrer: null, timestamp: Date.now() };
      const eventId = randomUUID();
      await publishTestEvents(e.runtime.resolveTopic, [
        { eventType: 'RegistrarImpresion', payload, meta: { aggregate_id: id, key: MUNDO.campana, event_id: eventId } },
        { eventType: 'RegistrarImpresion', payload, meta: { aggregate_id: id, key: MUNDO.campana, event_id: eventId } },
        { eventType: 'RegistrarImpresion', payload, meta: { aggregate_id: id, key: MUNDO.campana } },
      ]);
      await waitFor(
        async () => (await e.query("SELECT * FROM inbox_messages WHERE subscription = 'conversiones.procesador' AND event_type = 'RegistrarImpresion'")).length > 0,
        20_000,
        'inbox rows',
      );
      const marcador = `imp-${uid()}`;
      await publishTestEvents(e.runtime.resolveTopic, [
        { eventType: 'RegistrarImpresion', payload: { ...payload, id: marcador }, meta: { aggregate_id: marcador, key: MUNDO.campana } },
      ]);
      await esperarEventos(e, marcador, 1);
      expect(await e.query('SELECT * FROM event_store WHERE aggregate_id = ?', [id])).toHaveLength(1);
    });

    it('the same conversion id: same request again → 202, one stream; other content → 409', async () => {
      const id = `conv-${uid()}`;
      await directa({ id, valor_conversion: 77 });
      await directa({ id, valor_conversion: 77 });
      const conflicto = await post(e, '/api/v1/conversiones', { id, afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, tipo_conversion: 'venta', valor_conversion: 78, moneda: 'COP' });
      expect(conflicto.status).toBe(409);
      expect(conflicto.body).toMatchObject({ statusCode: 409, code: 'CONVERSION.ID_DUPLICADO' });
      await esperarConversion(e, id, 'VALIDADA');
      await sleep(300);
      const eventos = await e.query<{ event_type: string }>('SELECT event_type FROM event_store WHERE aggregate_id = ? ORDER BY version', [id]);
      expect(eventos.map((x) => x.event_type)).toEqual(['ConversionRegistrada', 'ConversionValidada']);
    });
  });

  it('a malformed command (a producer bug) ends alone in the DLQ; other commands keep flowing', async () => {
    const malo = `conv-${uid()}`;
    await publishTestEvents(e.runtime.resolveTopic, [
      {
        eventType: 'RegistrarConversion',
        // Not an ISO 4217 currency: no Money can be made of it, so the command cannot even be registered.
        payload: { id: malo, afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, tipo_conversion: 'venta', valor_conversion: '1', moneda: 'XX', timestamp: Date.now() },
        meta: { aggregate_id: malo, key: 'poison-key' },
      },
    ]);
    const bueno = `imp-${uid()}`;
    await post(e, '/api/v1/tracking/impresiones', { id: bueno, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado }).expect(202);
    await esperarEventos(e, bueno, 1);

    const client = new PulsarWebSocketClient({ httpUrl: e.runtime.pulsarHttpUrl });
    const vistos: string[] = [];
    try {
      await client.subscribe(
        { topic: `${e.runtime.resolveTopic('tracking.comandos')}-conversiones.procesador-DLQ`, subscription: `check-${uid()}`, subscriptionType: 'Exclusive', initialPosition: 'Earliest' },
        async (m) => {
          const d = decodeEvent(m.payload);
          if (isEvent(d, 'RegistrarConversion')) vistos.push(d.payload.id);
        },
      );
      await waitFor(() => vistos.includes(malo), 90_000, 'the malformed command in the DLQ');
    } finally {
      await client.close();
    }
    expect(await e.query('SELECT * FROM event_store WHERE aggregate_id = ?', [malo])).toHaveLength(0);
  });

  describe('revert', () => {
    it('VALIDADA → REVERTIDA: 202, ConversionRevertida published, history of three events; again → 409', async () => {
      const id = `conv-${uid()}`;
      await directa({ id, valor_conversion: 250000 });
      await esperarConversion(e, id, 'VALIDADA');
      await post(e, `/api/v1/conversiones/${id}/revertir`, { motivo: 'Reembolso solicitado por el cliente' }).expect(202, { id });
      const vista = await esperarConversion(e, id, 'REVERTIDA');
      expect(vista.motivo_reversion).toBe('Reembolso solicitado por el cliente');
      expect((vista.historial as Body[]).map((h) => [h.evento, h.estado, h.motivo ?? null])).toEqual([
        ['ConversionRegistrada', 'REGISTRADA', null],
        ['ConversionValidada', 'VALIDADA', null],
        ['ConversionRevertida', 'REVERTIDA', 'Reembolso solicitado por el cliente'],
      ]);
      const [revertida] = await consumeTestEvents(e.runtime.resolveTopic, 'conversiones.eventos', (ev) => isEvent(ev, 'ConversionRevertida') && ev.payload.conversion_id === id);
      expect(revertida.payload).toMatchObject({ afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, valor: '250000.0000', moneda: 'COP' });
      const otra = await post(e, `/api/v1/conversiones/${id}/revertir`, { motivo: 'otra vez' });
      expect(otra.status).toBe(409);
      expect(otra.body).toMatchObject({ code: 'CONVERSION.TRANSICION_INVALIDA', details: { estado: 'REVERTIDA' } });
    });

    it('a RECHAZADA conversion cannot be reverted (409); an unknown one is 404', async () => {
      const id = `conv-${uid()}`;
      await directa({ id, valor_conversion: -1 });
      await esperarConversion(e, id, 'RECHAZADA');
      await post(e, `/api/v1/conversiones/${id}/revertir`, { motivo: 'x' }).expect(409);
      const r = await post(e, `/api/v1/conversiones/conv-${uid()}/revertir`, { motivo: 'x' });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('CONVERSION.NO_ENCONTRADA');
    });
  });

  describe('batch endpoints', () => {
    it('impressions: accepted ones are stored, refused ones reported with index, status and code', async () => {
      const ids = [`imp-${uid()}`, `imp-${uid()}`, `imp-${uid()}`];
      const r = await post(e, '/api/v1/tracking/impresiones/lote', {
        items: [
          { id: ids[0], campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado },
          { id: ids[1], campana_id: 'cam-nope', afiliado_id: MUNDO.afiliado },
          { id: ids[2], campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado2 },
        ],
      });
      expect(r.status).toBe(202);
      expect(r.body).toEqual({
        aceptados: 2,
        ids: [ids[0], ids[2]],
        rechazados: [{ indice: 1, statusCode: 404, code: 'TRACKING.CAMPANA_DESCONOCIDA', message: expect.any(String) }],
      });
      await esperarEventos(e, ids[0], 1);
      await esperarEventos(e, ids[2], 1);
    });

    it('clicks: a 422 refusal per item, the rest recorded as clicks conversions can use', async () => {
      const r = await post(e, '/api/v1/tracking/clicks/lote', {
        items: [
          { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliadoSuspendido },
          { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, usuario_id: 'lote-user' },
        ],
      });
      expect(r.status).toBe(202);
      expect(r.body.aceptados).toBe(1);
      expect(r.body.rechazados).toEqual([{ indice: 0, statusCode: 422, code: 'TRACKING.AFILIADO_INACTIVO', message: expect.any(String) }]);
      const id = `conv-${uid()}`;
      await conversion({ id, click_id: r.body.ids[0] });
      await esperarConversion(e, id, 'VALIDADA');
    });
  });

  it('projection changes reach the HTTP checks: a campaign paused after the fact refuses new clicks (422)', async () => {
    const campana = `cam-${uid()}`;
    await publishTestEvents(e.runtime.resolveTopic, [
      {
        eventType: 'CampanaCreada',
        payload: {
          id: campana,
          nombre: 'Temporal',
          producto: 'p',
          marca: 'm',
          presupuesto: '10',
          moneda: 'COP',
          reglas_comision: [],
          afiliados_ids: [MUNDO.afiliado],
        },
        meta: { aggregate_id: campana },
      },
      { eventType: 'CampanaActivada', payload: { campana_id: campana }, meta: { aggregate_id: campana } },
    ]);
    await waitFor(async () => (await post(e, '/api/v1/tracking/clicks', { campana_id: campana, afiliado_id: MUNDO.afiliado })).status === 202, 20_000, 'campaign active');
    await publishTestEvents(e.runtime.resolveTopic, [
      { eventType: 'PresupuestoAgotado', payload: { campana_id: campana, presupuesto: '10', presupuesto_disponible: '0', moneda: 'COP' }, meta: { aggregate_id: campana } },
    ]);
    await waitFor(async () => (await post(e, '/api/v1/tracking/clicks', { campana_id: campana, afiliado_id: MUNDO.afiliado })).status === 422, 20_000, 'campaign paused');
    const r = await post(e, '/api/v1/tracking/impresiones', { campana_id: campana, afiliado_id: MUNDO.afiliado });
    expect(r.body).toMatchObject({ statusCode: 422, code: 'TRACKING.CAMPANA_INACTIVA' });
  });

  describe('ingest group commit', () => {
    const item = (id: string, o: Partial<RegistrarImpresion> = {}): ComandoIngesta => ({
      comando: {
        eventType: 'RegistrarImpresion',
        key: MUNDO.campana,
        payload: { id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, usuario_id: null, user_agent: null, ip_address: null, referrer: null, timestamp: Date.now(), ...o },
      },
      correlationId: 'gc',
      actor: 'test',
    });

    it('300 concurrent requests are committed in a few transactions, each answered after its COMMIT', async () => {
      const ingesta = e.app.get(IngestaAgrupada);
      const antes = ingesta.estadisticas();
      const prefijo = `gc-${uid()}`;
      const resultados = await Promise.all(Array.from({ length: 300 }, (_, i) => ingesta.encolar([item(`${prefijo}-${i}`)])));
      expect(resultados.flat()).toEqual(Array.from({ length: 300 }, () => 'ACEPTADO'));
      const despues = ingesta.estadisticas();
      expect(despues.comandos - antes.comandos).toBe(300);
      expect(despues.transacciones - antes.transacciones).toBeLessThanOrEqual(10);
      const [{ n }] = await e.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'RegistrarImpresion' AND JSON_VALUE(properties, '$.correlation_id') = 'gc'",
      );
      expect(Number(n)).toBeGreaterThanOrEqual(300);
      await esperarEventos(e, `${prefijo}-299`, 1);
    });

    it('when the transaction fails, every request in it fails with TRACKING.INGESTA_NO_DISPONIBLE and nothing is written', async () => {
      const ingesta = e.app.get(IngestaAgrupada);
      const id = `gc-${uid()}`;
      const [bueno, malo] = await Promise.allSettled([
        ingesta.encolar([item(id)]),
        ingesta.encolar([item(`${id}-x`, { campana_id: 42 as never })]),
      ]);
      expect(bueno).toMatchObject({ status: 'rejected', reason: expect.any(IngestaNoDisponibleError) });
      expect(malo).toMatchObject({ status: 'rejected', reason: { code: 'TRACKING.INGESTA_NO_DISPONIBLE' } });
      await sleep(500);
      expect(await e.query('SELECT * FROM event_store WHERE aggregate_id = ?', [id])).toHaveLength(0);
    });
  });

  it('old click counters are cleaned up, recent ones kept', async () => {
    const ahora = Date.now();
    const minuto = Math.floor(ahora / 60_000);
    await e.query('INSERT INTO click_contadores (campana_id, ip_address, minuto, total) VALUES (?, ?, ?, 1), (?, ?, ?, 1)', [
      'cam-limpieza', '10.0.0.1', minuto - RETENCION_CONTADORES_MIN - 5,
      'cam-limpieza', '10.0.0.1', minuto,
    ]);
    expect(await e.app.get(LimpiezaScheduler).limpiar(ahora)).toBeGreaterThanOrEqual(1);
    const quedan = await e.query<{ minuto: string }>("SELECT minuto FROM click_contadores WHERE campana_id = 'cam-limpieza'");
    expect(quedan.map((q) => Number(q.minuto))).toEqual([minuto]);
  });

  it('the in-memory projections pick up rows another replica wrote (poll of actualizado_en)', async () => {
    const campana = `cam-replica-${uid()}`;
    await e.query(
      "INSERT INTO campanas_proyeccion (id, estado, moneda, ventana_atribucion_dias, fecha_inicio, fecha_fin, actualizado_en) VALUES (?, 'ACTIVA', 'COP', 7, NULL, NULL, ?)",
      [campana, Date.now() + 1000],
    );
    await e.query('INSERT INTO campana_afiliados (campana_id, afiliado_id) VALUES (?, ?)', [campana, MUNDO.afiliado]);
    const cache = e.app.get(ProyeccionesCacheEnMemoria);
    await cache.refrescar();
    expect(cache.campana(campana)).toMatchObject({ estado: 'ACTIVA', moneda: 'COP', ventanaAtribucionDias: 7 });
    expect(cache.campana(campana)?.afiliados.has(MUNDO.afiliado)).toBe(true);
    await post(e, '/api/v1/tracking/clicks', { campana_id: campana, afiliado_id: MUNDO.afiliado }).expect(202);
    // A row written before what this instance applied (e.g. read while its own transaction was not committed yet)
    // never overwrites it.
    const antes = Date.now();
    cache.ponerCampana({ ...(cache.campana(campana) as NonNullable<ReturnType<typeof cache.campana>>), estado: 'PAUSADA' });
    await e.query('UPDATE campanas_proyeccion SET actualizado_en = ? WHERE id = ?', [antes - 1, campana]);
    await cache.refrescar();
    expect(cache.campana(campana)?.estado).toBe('PAUSADA');
    await e.query('UPDATE campanas_proyeccion SET estado = ?, actualizado_en = ? WHERE id = ?', ['FINALIZADA', Date.now() + 5, campana]);
    await sleep(10);
    await cache.refrescar();
    expect(cache.campana(campana)?.estado).toBe('FINALIZADA');
  });

  it('GET /health reports database and broker up; /docs-json describes every endpoint', async () => {
    const health = await get(e, '/health').expect(200);
    expect(health.body).toMatchObject({ status: 'healthy', service: 'conversiones', checks: { database: { status: 'up' }, broker: { status: 'up' } } });
    const docs = await get(e, '/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tracking/impresiones',
        '/api/v1/tracking/impresiones/lote',
        '/api/v1/tracking/clicks',
        '/api/v1/tracking/clicks/lote',
        '/api/v1/tracking/fraude',
        '/api/v1/conversiones',
        '/api/v1/conversiones/{id}',
        '/api/v1/conversiones/{id}/revertir',
      ]),
    );
  });
});
