import request from 'supertest';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { get, post, type Body } from './support/http';

/**
 * Every endpoint's error statuses over real HTTP (supertest on the real app, database and broker): 400 with field
 * errors for any malformed body (never a 500), 404 / 409 / 422 with their codes, 413 above 1 MiB.
 */
describe('conversiones: HTTP error statuses (real app)', () => {
  let e: Escenario;

  beforeAll(async () => {
    e = await iniciarEscenario('http');
  });

  afterAll(async () => {
    await e?.close();
  });

  const impresion = { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado };
  const conversion = { afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, tipo_conversion: 'venta', valor_conversion: 100, moneda: 'COP' };

  function esperar400(r: request.Response, campo?: string): void {
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(typeof r.body.code).toBe('string');
    if (campo) expect((r.body.errors as { field: string }[]).map((x) => x.field)).toContain(campo);
  }

  describe.each(['/api/v1/tracking/impresiones', '/api/v1/tracking/clicks'])('POST %s', (ruta) => {
    it.each([
      ['campana_id missing', { afiliado_id: MUNDO.afiliado }, 'campana_id'],
      ['campana_id null', { ...impresion, campana_id: null }, 'campana_id'],
      ['campana_id a number', { ...impresion, campana_id: 12 }, 'campana_id'],
      ['afiliado_id an object', { ...impresion, afiliado_id: { a: 1 } }, 'afiliado_id'],
      ['afiliado_id an array', { ...impresion, afiliado_id: ['x'] }, 'afiliado_id'],
      ['an id with spaces', { ...impresion, id: 'no valid' }, 'id'],
      ['an id too long', { ...impresion, id: 'x'.repeat(65) }, 'id'],
      ['an unknown field', { ...impresion, precio: 1 }, 'precio'],
      ['an invalid ip', { ...impresion, ip_address: '999.1.1.1' }, 'ip_address'],
      ['timestamp garbage', { ...impresion, timestamp: 'ayer' }, 'timestamp'],
      ['timestamp a date without time', { ...impresion, timestamp: '2026-01-01' }, 'timestamp'],
      ['timestamp without a time zone', { ...impresion, timestamp: '2026-01-01T10:00:00' }, 'timestamp'],
      ['timestamp a huge number', { ...impresion, timestamp: 1e300 }, 'timestamp'],
      ['timestamp in the future', { ...impresion, timestamp: Date.now() + 3_600_000 }, 'timestamp'],
      ['timestamp a fraction', { ...impresion, timestamp: 1.5 }, 'timestamp'],
      ['usuario_id too long', { ...impresion, usuario_id: 'u'.repeat(129) }, 'usuario_id'],
    ])('%s → 400', async (_caso, body, campo) => {
      esperar400(await post(e, ruta, body), campo);
    });

    it.each([
      ['an array', [impresion]],
      ['null', null],
      ['a string', '"hola"'],
      ['a number', '42'],
    ])('a body that is %s → 400', async (_caso, body) => {
      const r = await request(e.app.getHttpServer()).post(ruta).set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      esperar400(r);
    });

    it('malformed JSON → 400 HTTP.JSON_INVALIDO', async () => {
      const r = await request(e.app.getHttpServer()).post(ruta).set('content-type', 'application/json').send('{"campana_id": ');
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('HTTP.JSON_INVALIDO');
    });

    it.each([
      [{ campana_id: 'cam-nope' }, 404, 'TRACKING.CAMPANA_DESCONOCIDA'],
      [{ afiliado_id: 'afi-nope' }, 404, 'TRACKING.AFILIADO_DESCONOCIDO'],
      [{ campana_id: MUNDO.campanaPausada }, 422, 'TRACKING.CAMPANA_INACTIVA'],
      [{ afiliado_id: MUNDO.afiliadoSuspendido }, 422, 'TRACKING.AFILIADO_INACTIVO'],
      [{ afiliado_id: MUNDO.afiliadoSinAsignar }, 422, 'TRACKING.AFILIADO_NO_ASIGNADO'],
      [{ timestamp: '2025-06-01T00:00:00Z' }, 422, 'TRACKING.CAMPANA_FUERA_DE_VIGENCIA'],
    ])('%j → %i %s', async (o, status, code) => {
      const r = await post(e, ruta, { ...impresion, ...o });
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ statusCode: status, code });
    });

    it('a valid request → 202 { id }, with the correlation id echoed', async () => {
      const r = await post(e, ruta, { ...impresion, timestamp: Date.now() }).set('x-correlation-id', 'test-corr-1');
      expect(r.status).toBe(202);
      expect(Object.keys(r.body)).toEqual(['id']);
      expect(r.headers['x-correlation-id']).toBe('test-corr-1');
      await post(e, ruta, { ...impresion, timestamp: new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00') }).expect(202);
    });
  });

  describe.each(['/api/v1/tracking/impresiones/lote', '/api/v1/tracking/clicks/lote'])('POST %s', (ruta) => {
    it.each([
      ['items missing', {}, 'items'],
      ['items not an array', { items: { a: 1 } }, 'items'],
      ['items empty', { items: [] }, 'items'],
      ['more than 1000 items', { items: Array.from({ length: 1001 }, () => impresion) }, 'items'],
      ['an unknown top-level field', { items: [impresion], extra: true }, 'extra'],
    ])('%s → 400', async (_caso, body, campo) => {
      esperar400(await post(e, ruta, body), campo);
    });

    it('a malformed item fails the request naming it: items[3].campana_id', async () => {
      const items: unknown[] = [impresion, impresion, impresion, { afiliado_id: MUNDO.afiliado }, impresion];
      const r = await post(e, ruta, { items });
      esperar400(r, 'items[3].campana_id');
    });

    it('a null item or an item with an unknown field → 400 naming it', async () => {
      esperar400(await post(e, ruta, { items: [impresion, null] }), 'items[1]');
      esperar400(await post(e, ruta, { items: [{ ...impresion, zzz: 1 }] }), 'items[0].zzz');
    });

    it('business refusals do not fail the batch: 202 with rechazados', async () => {
      const r = await post(e, ruta, { items: [{ ...impresion, campana_id: MUNDO.campanaPausada }] });
      expect(r.status).toBe(202);
      expect(r.body).toEqual({ aceptados: 0, ids: [], rechazados: [{ indice: 0, statusCode: 422, code: 'TRACKING.CAMPANA_INACTIVA', message: expect.any(String) }] });
    });
  });

  describe('POST /api/v1/conversiones', () => {
    it.each([
      ['valor_conversion as a string', { ...conversion, valor_conversion: '100' }, 'valor_conversion'],
      ['valor_conversion null', { ...conversion, valor_conversion: null }, 'valor_conversion'],
      ['valor_conversion huge', { ...conversion, valor_conversion: 1e20 }, 'valor_conversion'],
      ['valor_conversion hugely negative', { ...conversion, valor_conversion: -1e20 }, 'valor_conversion'],
      ['valor_conversion with 5 decimals', { ...conversion, valor_conversion: 1.23456 }, 'valor_conversion'],
      ['moneda not ISO 4217', { ...conversion, moneda: 'XYZ' }, 'moneda'],
      ['moneda lower case', { ...conversion, moneda: 'cop' }, 'moneda'],
      ['tipo_conversion unknown', { ...conversion, tipo_conversion: 'compra' }, 'tipo_conversion'],
      ['neither click_id nor afiliado_id', { ...conversion, afiliado_id: undefined }, 'afiliado_id'],
      ['neither click_id nor campana_id', { ...conversion, campana_id: undefined }, 'campana_id'],
      ['click_id a number', { ...conversion, click_id: 5 }, 'click_id'],
      ['referencia_externa empty', { ...conversion, referencia_externa: '' }, 'referencia_externa'],
      ['an unknown field', { ...conversion, comision: 5 }, 'comision'],
    ])('%s → 400', async (_caso, body, campo) => {
      esperar400(await post(e, '/api/v1/conversiones', body), campo);
    });

    it('more decimals than the currency has → 400 MONEY.MONTO_INVALIDO', async () => {
      const r = await post(e, '/api/v1/conversiones', { ...conversion, campana_id: MUNDO.campanaUsd, moneda: 'JPY', valor_conversion: 10.5 });
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('MONEY.MONTO_INVALIDO');
    });

    it.each([
      [{ campana_id: 'cam-nope' }, 'TRACKING.CAMPANA_DESCONOCIDA'],
      [{ afiliado_id: 'afi-nope' }, 'TRACKING.AFILIADO_DESCONOCIDO'],
    ])('a direct conversion naming unknown ids %j → 404 %s', async (o, code) => {
      const r = await post(e, '/api/v1/conversiones', { ...conversion, ...o });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe(code);
    });

    it('the same id with other content → 409 CONVERSION.ID_DUPLICADO; a click-only conversion is 202', async () => {
      await post(e, '/api/v1/conversiones', { ...conversion, id: 'conv-http-1' }).expect(202, { id: 'conv-http-1', estado: 'REGISTRADA' });
      const r = await post(e, '/api/v1/conversiones', { ...conversion, id: 'conv-http-1', tipo_conversion: 'lead' });
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'CONVERSION.ID_DUPLICADO' });
      await post(e, '/api/v1/conversiones', { click_id: 'any-click', tipo_conversion: 'lead', valor_conversion: 0, moneda: 'COP' }).expect(202);
    });
  });

  describe('GET /api/v1/conversiones/:id and POST …/revertir', () => {
    it.each(['conv-nope', 'ñandú', '%E2%82%AC', 'x'.repeat(300)])('GET an unknown id %s → 404', async (id) => {
      const r = await get(e, `/api/v1/conversiones/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('CONVERSION.NO_ENCONTRADA');
    });

    it.each([
      [{}, 'motivo'],
      [{ motivo: '' }, 'motivo'],
      [{ motivo: 5 }, 'motivo'],
      [{ motivo: 'x', otra: 1 }, 'otra'],
    ])('revertir with %j → 400', async (body, campo) => {
      esperar400(await post(e, '/api/v1/conversiones/conv-nope/revertir', body), campo);
    });

    it('revertir an unknown conversion → 404', async () => {
      const r = await post(e, '/api/v1/conversiones/conv-nope/revertir', { motivo: 'x' });
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('CONVERSION.NO_ENCONTRADA');
    });

    it('revertir a conversion that is only REGISTRADA → 409', async () => {
      await post(e, '/api/v1/conversiones', { click_id: 'ghost-click', tipo_conversion: 'lead', valor_conversion: 0, moneda: 'COP', id: 'conv-http-2' }).expect(202);
      const r = await post(e, '/api/v1/conversiones/conv-http-2/revertir', { motivo: 'x' });
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'CONVERSION.TRANSICION_INVALIDA', details: { estado: 'REGISTRADA' } });
    });
  });

  it('GET /api/v1/tracking/fraude: 200; an invalid campana_id → 400', async () => {
    const ok = await get(e, '/api/v1/tracking/fraude').expect(200);
    expect(ok.body).toMatchObject({ umbral_clicks_por_ip_minuto: 3, clicks_marcados: expect.any(Number), por_campana: expect.any(Array) });
    esperar400(await get(e, '/api/v1/tracking/fraude?campana_id=%20%20'), 'campana_id');
    esperar400(await get(e, '/api/v1/tracking/fraude?otro=1'), 'otro');
  });

  it('a body over 1 MiB → 413', async () => {
    const r = await post(e, '/api/v1/tracking/impresiones/lote', { items: [{ ...impresion, referrer: 'x'.repeat(1_100_000) }] });
    expect(r.status).toBe(413);
  });

  it('no malformed input ever answered 500', async () => {
    const cuerpos: unknown[] = [{ items: [[]] }, { items: [1, 'a', true] }, { timestamp: {} }, { campana_id: '' }, { valor_conversion: Number.MAX_VALUE }];
    for (const ruta of ['/api/v1/tracking/impresiones', '/api/v1/tracking/clicks/lote', '/api/v1/conversiones', '/api/v1/conversiones/x/revertir']) {
      for (const cuerpo of cuerpos) {
        const r = await post(e, ruta, cuerpo as Body);
        expect([r.status, ruta, cuerpo]).toEqual([400, ruta, cuerpo]);
      }
    }
  });
});
