import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { consumeTestEvents, publishTestEvents } from '@alpes/platform/testing';
import { esperarEstadoAfiliado, nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

/**
 * Campaigns over HTTP with the real MariaDB and Pulsar: the affiliate projection fed from afiliados.eventos decides who
 * can be assigned, every accepted command leaves its events on marketing.eventos and auditoria.eventos, and every
 * malformed request is a 4xx with the error body, never a 500.
 */
describe('marketing-comisiones: campaigns', () => {
  let t: MarketingTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('campanas');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  async function crear(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
    const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides)).expect(201);
    return res.body;
  }

  it('an affiliate registered + activated on afiliados.eventos becomes assignable; suspended, it is refused with 422', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campana = await crear();
    const asignada = await http().post(`/api/v1/campanas/${campana.id}/afiliados`).send({ afiliado_id: afiliadoId }).expect(200);
    expect(asignada.body.afiliados_ids).toEqual([afiliadoId]);
    // Assigning again is an idempotent success.
    await http().post(`/api/v1/campanas/${campana.id}/afiliados`).send({ afiliado_id: afiliadoId }).expect(200);

    await publishTestEvents(t.runtime.resolveTopic, [
      { eventType: 'AfiliadoSuspendido', payload: { afiliado_id: afiliadoId, motivo: 'fraude' }, meta: { aggregate_id: afiliadoId, key: afiliadoId } },
    ]);
    await esperarEstadoAfiliado(t, afiliadoId, 'SUSPENDIDO');
    const otra = await crear();
    const refused = await http().post(`/api/v1/campanas/${otra.id}/afiliados`).send({ afiliado_id: afiliadoId }).expect(422);
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'CAMPANA.AFILIADO_NO_ACTIVO', details: { estado: 'SUSPENDIDO' } });
    await http().post(`/api/v1/campanas`).send(nuevaCampana({ influencers_ids: [afiliadoId] })).expect(422);

    const pendiente = await publicarAfiliado(t, { activar: false });
    expect((await http().post(`/api/v1/campanas/${otra.id}/afiliados`).send({ afiliado_id: pendiente }).expect(422)).body.code).toBe(
      'CAMPANA.AFILIADO_NO_ACTIVO',
    );
    const desconocido = await http().post(`/api/v1/campanas/${otra.id}/afiliados`).send({ afiliado_id: randomUUID() }).expect(404);
    expect(desconocido.body.code).toBe('CAMPANA.AFILIADO_DESCONOCIDO');
  });

  it('creates, assigns, activates, pauses, finishes — each event on marketing.eventos keyed by campana_id, each command audited', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const correlationId = `corr-${randomUUID()}`;
    const res = await http()
      .post('/api/v1/campanas')
      .set('x-correlation-id', correlationId)
      .send(nuevaCampana({ influencers_ids: [afiliadoId], ventana_atribucion_dias: 15, fecha_inicio: '2025-01-01T00:00:00Z', fecha_fin: '2035-12-31T00:00:00Z' }))
      .expect(201);
    const id = res.body.id as string;
    expect(res.headers['location']).toBe(`/api/v1/campanas/${id}`);
    expect(res.body).toMatchObject({
      estado: 'BORRADOR',
      presupuesto: 1000000,
      presupuesto_disponible: 1000000,
      moneda: 'COP',
      ventana_atribucion_dias: 15,
      afiliados_ids: [afiliadoId],
      fecha_inicio: '2025-01-01T00:00:00.000Z',
      reglas_comision: [
        { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 10 },
        { tipo_evento: 'conversion', tipo_conversion: null, modelo: 'CPA', valor: 5000 },
        { tipo_evento: 'click', tipo_conversion: null, modelo: 'CPC', valor: 350 },
        { tipo_evento: 'impresion', tipo_conversion: null, modelo: 'CPM', valor: 2500 },
      ],
    });
    await http().post(`/api/v1/campanas/${id}/activar`).expect(200);
    expect((await http().post(`/api/v1/campanas/${id}/pausar`).send({ motivo: 'revision' }).expect(200)).body.estado).toBe('PAUSADA');
    await http().post(`/api/v1/campanas/${id}/activar`).expect(200);
    await http().delete(`/api/v1/campanas/${id}/afiliados/${afiliadoId}`).expect(200);
    const fin = await http().post(`/api/v1/campanas/${id}/finalizar`).expect(200);
    expect(fin.body).toMatchObject({ estado: 'FINALIZADA', afiliados_ids: [] });

    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'marketing.eventos', (e) => e.envelope.aggregate_id === id, { count: 6 });
    expect(eventos.map((e) => e.eventType)).toEqual([
      'CampanaCreada',
      'CampanaActivada',
      'CampanaPausada',
      'CampanaActivada',
      'AfiliadoRetiradoDeCampana',
      'CampanaFinalizada',
    ]);
    expect(eventos.every((e) => e.key === id && e.envelope.producer === 'marketing-comisiones')).toBe(true);
    expect(eventos[0].envelope.correlation_id).toBe(correlationId);
    expect(eventos[0].payload).toMatchObject({
      id,
      presupuesto: '1000000.0000',
      moneda: 'COP',
      ventana_atribucion_dias: 15,
      afiliados_ids: [afiliadoId],
      fecha_inicio: Date.parse('2025-01-01T00:00:00Z'),
      reglas_comision: [
        { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '10.0000' },
        { tipo_evento: 'conversion', tipo_conversion: null, modelo: 'CPA', valor: '5000.0000' },
        { tipo_evento: 'click', tipo_conversion: null, modelo: 'CPC', valor: '350.0000' },
        { tipo_evento: 'impresion', tipo_conversion: null, modelo: 'CPM', valor: '2500.0000' },
      ],
    });
    expect(eventos[2].payload).toEqual({ campana_id: id, motivo: 'revision' });

    const auditoria = await consumeTestEvents(t.runtime.resolveTopic, 'auditoria.eventos', (e) => e.envelope.aggregate_id === id, { count: 6 });
    expect(auditoria.map((e) => (e.payload as { accion: string }).accion)).toEqual([
      'CREAR_CAMPANA',
      'ACTIVAR_CAMPANA',
      'PAUSAR_CAMPANA',
      'ACTIVAR_CAMPANA',
      'RETIRAR_AFILIADO',
      'FINALIZAR_CAMPANA',
    ]);
    expect(auditoria[0].payload).toMatchObject({ servicio: 'marketing-comisiones', recurso: 'campana', recurso_id: id, resultado: 'OK' });
  });

  it('a client id makes the create idempotent: same body → 200 with the same campaign, other body → 409', async () => {
    const id = randomUUID();
    const body = nuevaCampana({ id });
    const primera = await http().post('/api/v1/campanas').send(body).expect(201);
    const segunda = await http().post('/api/v1/campanas').send(body).expect(200);
    expect(segunda.body).toEqual(primera.body);
    const otra = await http().post('/api/v1/campanas').send({ ...body, presupuesto: 5 }).expect(409);
    expect(otra.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'CAMPANA.ID_EN_CONFLICTO' });
    // Concurrent identical creates with a fresh id: one campaign, every answer 200/201 with it.
    const id2 = randomUUID();
    const respuestas = await Promise.all(Array.from({ length: 5 }, () => http().post('/api/v1/campanas').send(nuevaCampana({ id: id2 }))));
    expect(respuestas.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(respuestas.map((r) => r.body.id))).toEqual(new Set([id2]));
  });

  it('lists with estado filter and pagination', async () => {
    const a = await crear({ nombre: 'lista-a' });
    await http().post(`/api/v1/campanas/${a.id}/activar`).expect(200);
    const pagina = await http().get('/api/v1/campanas').query({ estado: 'ACTIVA', limit: 2, page: 1 }).expect(200);
    expect(pagina.body).toMatchObject({ page: 1, limit: 2 });
    expect(pagina.body.items.length).toBeLessThanOrEqual(2);
    expect(pagina.body.total).toBeGreaterThanOrEqual(1);
    expect(pagina.body.items.every((c: { estado: string }) => c.estado === 'ACTIVA')).toBe(true);
    const todas = await http().get('/api/v1/campanas').query({ limit: 100 }).expect(200);
    expect(todas.body.items.map((c: { id: string }) => c.id)).toContain(a.id);
    await http().get('/api/v1/campanas').query({ limit: 101 }).expect(400);
    await http().get('/api/v1/campanas').query({ page: 0 }).expect(400);
    await http().get('/api/v1/campanas').query({ page: 'abc' }).expect(400);
    await http().get('/api/v1/campanas').query({ estado: 'BORRADORX' }).expect(400);
    await http().get('/api/v1/campanas').query({ otro: 1 }).expect(400);
  });

  it('answers 404 for unknown ids and 400 for ids that are not uuids', async () => {
    const id = randomUUID();
    for (const [metodo, ruta] of [
      ['get', `/api/v1/campanas/${id}`],
      ['post', `/api/v1/campanas/${id}/activar`],
      ['post', `/api/v1/campanas/${id}/pausar`],
      ['post', `/api/v1/campanas/${id}/finalizar`],
      ['delete', `/api/v1/campanas/${id}/afiliados/abc`],
    ] as const) {
      const res = await http()[metodo](ruta).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'CAMPANA.NO_ENCONTRADA' });
    }
    await http().post(`/api/v1/campanas/${id}/afiliados`).send({ afiliado_id: 'x' }).expect(404);
    const malo = await http().get('/api/v1/campanas/no-es-uuid').expect(400);
    expect(malo.body.code).toBe('CAMPANA.ID_INVALIDO');
    await http().post('/api/v1/campanas/123/activar').expect(400);
  });

  it('answers 409 with a code for illegal transitions, and for changes to a FINALIZADA campaign', async () => {
    const c = await crear();
    const res = await http().post(`/api/v1/campanas/${c.id}/pausar`).expect(409);
    expect(res.body).toMatchObject({ code: 'CAMPANA.TRANSICION_INVALIDA', details: { desde: 'BORRADOR', hacia: 'PAUSADA' } });
    await http().post(`/api/v1/campanas/${c.id}/finalizar`).expect(409);
    await http().post(`/api/v1/campanas/${c.id}/activar`).expect(200);
    await http().post(`/api/v1/campanas/${c.id}/activar`).expect(409);
    await http().post(`/api/v1/campanas/${c.id}/finalizar`).expect(200);
    await http().post(`/api/v1/campanas/${c.id}/activar`).expect(409);
    const afiliadoId = await publicarAfiliado(t);
    expect((await http().post(`/api/v1/campanas/${c.id}/afiliados`).send({ afiliado_id: afiliadoId }).expect(409)).body.code).toBe('CAMPANA.FINALIZADA');
    expect((await http().delete(`/api/v1/campanas/${c.id}/afiliados/${afiliadoId}`).expect(409)).body.code).toBe('CAMPANA.FINALIZADA');
    const otra = await crear();
    expect((await http().delete(`/api/v1/campanas/${otra.id}/afiliados/${afiliadoId}`).expect(404)).body.code).toBe('CAMPANA.AFILIADO_NO_ASIGNADO');
    expect((await http().delete(`/api/v1/campanas/${otra.id}/afiliados/no%20valido`).expect(400)).body.code).toBe('VALIDACION.ID_INVALIDO');
  });

  it('answers 422 for business rules: an unknown influencer is 404, an expired campaign cannot be activated', async () => {
    const desconocido = await http().post('/api/v1/campanas').send(nuevaCampana({ influencers_ids: [randomUUID()] })).expect(404);
    expect(desconocido.body.code).toBe('CAMPANA.AFILIADO_DESCONOCIDO');
    const vencida = await crear({ fecha_inicio: '2020-01-01T00:00:00Z', fecha_fin: '2020-12-31T00:00:00Z' });
    const res = await http().post(`/api/v1/campanas/${vencida.id}/activar`).expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', code: 'CAMPANA.FECHA_FIN_VENCIDA' });
  });

  it('refuses invalid campaigns with 400 and the reason, never 500', async () => {
    const casos: [Record<string, unknown>, string][] = [
      [{ moneda: 'ABC' }, 'MONEDA.NO_ISO_4217'],
      [{ moneda: 'cop' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ presupuesto: 0 }, 'CAMPANA.PRESUPUESTO_INVALIDO'],
      [{ presupuesto: -10 }, 'CAMPANA.PRESUPUESTO_INVALIDO'],
      [{ presupuesto: 10.001 }, 'MONEY.MONTO_INVALIDO'],
      [{ presupuesto: 10.00001 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ presupuesto: '1000' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ presupuesto: 1e300 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ presupuesto: null }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ fecha_inicio: '2025-02-01T00:00:00Z', fecha_fin: '2025-01-01T00:00:00Z' }, 'CAMPANA.FECHAS_INVALIDAS'],
      [{ fecha_inicio: 'ayer' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ ventana_atribucion_dias: 0 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ ventana_atribucion_dias: 366 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ ventana_atribucion_dias: 2.5 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ reglas_comision: [] }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ reglas_comision: 'CPS' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ reglas_comision: [null] }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ reglas_comision: [{ tipo_evento: 'click', modelo: 'CPS', valor: 10 }] }, 'CAMPANA.REGLA_INVALIDA'],
      [{ reglas_comision: [{ tipo_evento: 'impresion', modelo: 'CPC', valor: 10 }] }, 'CAMPANA.REGLA_INVALIDA'],
      [{ reglas_comision: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: 101 }] }, 'CAMPANA.REGLA_INVALIDA'],
      [{ reglas_comision: [{ tipo_evento: 'conversion', modelo: 'CPA', valor: -1 }] }, 'CAMPANA.REGLA_INVALIDA'],
      [{ reglas_comision: [{ tipo_evento: 'click', tipo_conversion: 'venta', modelo: 'CPC', valor: 1 }] }, 'CAMPANA.REGLA_INVALIDA'],
      [{ reglas_comision: [{ tipo_evento: 'click', modelo: 'CPC', valor: 1, extra: true }] }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ reglas_comision: [{ tipo_evento: 'click', modelo: 'CPC', valor: 1 }, { tipo_evento: 'click', modelo: 'CPC', valor: 2 }] }, 'CAMPANA.REGLA_DUPLICADA'],
      [{ nombre: '' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ nombre: '   ' }, 'CAMPANA.TEXTO_INVALIDO'],
      [{ nombre: 'x'.repeat(201) }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ nombre: 12 }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ id: 'no-uuid' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ influencers_ids: 'abc' }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ influencers_ids: [1, 2] }, 'VALIDACION.DATOS_INVALIDOS'],
      [{ desconocido: 1 }, 'VALIDACION.DATOS_INVALIDOS'],
    ];
    for (const [overrides, code] of casos) {
      const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides));
      expect({ overrides, status: res.status, code: res.body.code }).toEqual({ overrides, status: 400, code });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const sinCampos = await http().post('/api/v1/campanas').send({}).expect(400);
    expect(sinCampos.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['nombre', 'producto', 'marca', 'presupuesto', 'moneda', 'reglas_comision']),
    );
    const anidado = await http().post('/api/v1/campanas').send(nuevaCampana({ reglas_comision: [{ tipo_evento: 'click', modelo: 'CPC', valor: 'x' }] })).expect(400);
    expect(anidado.body.errors[0].field).toBe('reglas_comision[0].valor');
  });

  it('domain 400s name their field; null is not "absent"; a UUID in capitals is the same campaign', async () => {
    const campo = async (overrides: Record<string, unknown>) => {
      const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides)).expect(400);
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await campo({ reglas_comision: [{ tipo_evento: 'click', modelo: 'CPC', valor: 1 }, { tipo_evento: 'click', modelo: 'CPC', valor: 2 }] })).toEqual([
      'reglas_comision[1]',
    ]);
    expect(await campo({ fecha_inicio: '2025-02-01T00:00:00Z', fecha_fin: '2025-01-01T00:00:00Z' })).toEqual(['fecha_fin']);
    expect(await campo({ nombre: '   ' })).toEqual(['nombre']);
    expect(await campo({ presupuesto: 0 })).toEqual(['presupuesto']);
    for (const nulo of ['id', 'fecha_inicio', 'fecha_fin', 'ventana_atribucion_dias', 'influencers_ids']) {
      expect(await campo({ [nulo]: null })).toContain(nulo);
    }
    const id = randomUUID();
    const creada = await http().post('/api/v1/campanas').send(nuevaCampana({ id: id.toUpperCase() })).expect(201);
    expect(creada.body.id).toBe(id);
    expect((await http().get(`/api/v1/campanas/${id.toUpperCase()}`).expect(200)).body.id).toBe(id);
    const pausa = await http().post(`/api/v1/campanas/${id}/pausar`).set('content-type', 'application/json').send('{"motivo":null}');
    expect(pausa.status).toBe(400);
    const texto = await http().post(`/api/v1/campanas/${id}/pausar`).set('content-type', 'text/plain').send('motivo');
    expect(texto.status).toBe(415);
    await http().get('/api/v1/campanas?page=0x10').expect(400);
  });

  it('never answers 500 to malformed bodies on any endpoint', async () => {
    const c = await crear();
    const rutas = ['/api/v1/campanas', `/api/v1/campanas/${c.id}/afiliados`, `/api/v1/campanas/${c.id}/pausar`];
    const cuerpos = ['[]', '[1,2]', 'null', '"texto"', '42', '{"a":', '{"afiliado_id": null}', '{"afiliado_id": {"$gt": ""}}', '{"motivo": ["x"]}'];
    for (const ruta of rutas) {
      for (const cuerpo of cuerpos) {
        const res = await http().post(ruta).set('content-type', 'application/json').send(cuerpo);
        expect({ ruta, cuerpo, status: res.status }).toEqual({ ruta, cuerpo, status: 400 });
        expect(res.body.statusCode).toBe(400);
      }
    }
    const grande = await http().post('/api/v1/campanas').set('content-type', 'application/json').send(JSON.stringify({ nombre: 'x'.repeat(1_100_000) }));
    expect(grande.status).toBe(413);
  });

  it('GET /health is healthy and /docs-json documents every endpoint', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'healthy', service: 'marketing-comisiones' });
    const docs = await http().get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/campanas',
        '/api/v1/campanas/{id}',
        '/api/v1/campanas/{id}/afiliados',
        '/api/v1/campanas/{id}/afiliados/{afiliadoId}',
        '/api/v1/campanas/{id}/activar',
        '/api/v1/campanas/{id}/pausar',
        '/api/v1/campanas/{id}/finalizar',
        '/api/v1/comisiones',
        '/api/v1/comisiones/{id}',
        '/api/v1/comisiones/por-conversion/{conversionId}',
        '/api/v1/comisiones/{id}/aprobar',
        '/api/v1/comisiones/{id}/rechazar',
        '/api/v1/pagos',
        '/api/v1/pagos/{id}',
        '/api/v1/pagos/{id}/ejecutar',
      ]),
    );
  });
});
