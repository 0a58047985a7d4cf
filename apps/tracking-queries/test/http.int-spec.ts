import { esperarCuerpo, ev, startTrackingQueriesTestApp, type TrackingQueriesTestApp } from './support/tracking-queries-app';

/** Every endpoint's 400 and 404 over real HTTP: malformed input never reaches the database and never answers 500. */
describe('tracking-queries: HTTP errors', () => {
  let t: TrackingQueriesTestApp;

  beforeAll(async () => {
    t = await startTrackingQueriesTestApp('http');
  });
  afterAll(async () => {
    await t?.close();
  });

  const listas = [
    '/tracking/queries/campanas/c1/impresiones',
    '/tracking/queries/campanas/c1/conversiones',
    '/tracking/queries/campa%C3%B1as/c1/impresiones',
    '/tracking/queries/influencers/a1/impresiones',
    '/tracking/queries/influencers/a1/conversiones',
  ];
  const porId = (id: string) => [
    `/tracking/queries/impresiones/${id}`,
    `/tracking/queries/conversiones/${id}`,
    `/tracking/queries/campanas/${id}/impresiones`,
    `/tracking/queries/campanas/${id}/conversiones`,
    `/tracking/queries/campanas/${id}/estadisticas`,
    `/tracking/queries/campa%C3%B1as/${id}/estadisticas`,
    `/tracking/queries/influencers/${id}/impresiones`,
    `/tracking/queries/influencers/${id}/conversiones`,
    `/tracking/queries/influencers/${id}/estadisticas`,
  ];

  it.each([
    ['a character outside the id alphabet', 'bad$id'],
    ['a space', 'bad%20id'],
    ['a leading dot', '.hidden'],
    ['non-ASCII', 'camp%C3%B1a'],
    ['more than 100 characters', 'x'.repeat(101)],
    ['a quote (SQL)', "x'%20OR%20'1'='1"],
  ])('a malformed id (%s) → 400 on every endpoint', async (_what, id) => {
    for (const path of porId(id)) {
      const res = await t.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDACION.DATOS_INVALIDOS' });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'id' })]));
    }
  });

  it.each([
    ['page=0'],
    ['page=-1'],
    ['page=abc'],
    ['page=1.5'],
    ['limit=0'],
    ['limit=101'],
    ['limit=1e3'],
    ['limit='],
    ['page=99999999999999999999'],
    ['page[]=1'],
    ['limit=1&limit=2'],
    ['desconocido=1'],
  ])('bad pagination (%s) → 400 on every list', async (query) => {
    for (const path of listas) {
      const res = await t.http().get(`${path}?${query}`);
      expect({ path, query, status: res.status }).toEqual({ path, query, status: 400 });
      expect(res.body.statusCode).toBe(400);
      expect(typeof res.body.code).toBe('string');
    }
  });

  it('a huge but valid page of a known campaign is an empty page, not an error', async () => {
    await t.publicar(ev('CampanaCreada', { id: 'c-conocida' }, { key: 'c-conocida' }));
    await esperarCuerpo(t, '/tracking/queries/campanas/c-conocida/estadisticas', { impresiones: 0 });
    const res = await t.http().get('/tracking/queries/campanas/c-conocida/impresiones?page=9007199254740991&limit=100').expect(200);
    expect(res.body).toEqual({ items: [], total: 0, page: 9007199254740991, limit: 100 });
  });

  it('a UUID in capitals in the path is the same campaign (ids are lower-cased once, at the edge); page=0x10 → 400', async () => {
    const id = 'b7e1c2d3-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    await t.publicar(ev('CampanaCreada', { id }, { key: id }));
    await esperarCuerpo(t, `/tracking/queries/campanas/${id}/estadisticas`, { impresiones: 0 });
    await t.http().get(`/tracking/queries/campanas/${id.toUpperCase()}/estadisticas`).expect(200);
    await t.http().get(`/tracking/queries/campanas/${id.toUpperCase()}/impresiones`).expect(200);
    for (const q of ['page=0x10', 'page=1e3', 'limit=%205']) {
      const res = await t.http().get(`/tracking/queries/campanas/${id}/impresiones?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
    }
  });

  it.each([['estado=FOO'], ['estado=validada'], ['estado=VALIDADA&estado=RECHAZADA']])('a bad estado filter (%s) → 400', async (query) => {
    const res = await t.http().get(`/tracking/queries/campanas/c1/conversiones?${query}`).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'estado' })]);
  });

  it.each([['moneda=eur'], ['moneda=EURO'], ['moneda=1'], ['moneda=']])('a bad moneda (%s) → 400', async (query) => {
    const res = await t.http().get(`/tracking/queries/influencers/a1/estadisticas?${query}`).expect(400);
    expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
  });

  it('unknown ids → 404 with a code', async () => {
    const cases: [string, string][] = [
      ['/tracking/queries/impresiones/no-existe', 'TRACKING.IMPRESION_NO_ENCONTRADA'],
      ['/tracking/queries/conversiones/no-existe', 'TRACKING.CONVERSION_NO_ENCONTRADA'],
      ['/tracking/queries/campanas/no-existe/estadisticas', 'TRACKING.CAMPANA_NO_ENCONTRADA'],
      ['/tracking/queries/campanas/no-existe/impresiones', 'TRACKING.CAMPANA_NO_ENCONTRADA'],
      ['/tracking/queries/campanas/no-existe/conversiones', 'TRACKING.CAMPANA_NO_ENCONTRADA'],
      ['/tracking/queries/influencers/no-existe/estadisticas', 'TRACKING.AFILIADO_NO_ENCONTRADO'],
      ['/tracking/queries/influencers/no-existe/impresiones', 'TRACKING.AFILIADO_NO_ENCONTRADO'],
      ['/tracking/queries/influencers/no-existe/conversiones', 'TRACKING.AFILIADO_NO_ENCONTRADO'],
      ['/tracking/queries/admin/rebuild/3f0c2d7e-2b7a-4c1e-9f51-3d9a8e1b7c01', 'RECONSTRUCCION.NO_ENCONTRADA'],
      ['/tracking/queries/admin/rebuild/status', 'RECONSTRUCCION.NO_ENCONTRADA'],
    ];
    for (const [path, code] of cases) {
      const res = await t.http().get(path);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code });
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    }
    await t.http().get('/tracking/queries/nada').expect(404);
  });

  it('a rebuild id that is not a uuid → 400', async () => {
    const res = await t.http().get('/tracking/queries/admin/rebuild/no-es-uuid').expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
  });

  it.each([
    ['an unknown field', { forzar: true }, 'application/json'],
    ['an array', [1, 2], 'application/json'],
    ['a string', '"hola"', 'application/json'],
    ['malformed JSON', '{"a":', 'application/json'],
    ['null', 'null', 'application/json'],
  ])('POST /admin/rebuild with %s → 400 (nothing started)', async (_what, body, type) => {
    const res = await t
      .http()
      .post('/tracking/queries/admin/rebuild')
      .set('content-type', type)
      .send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
    await t.http().get('/tracking/queries/admin/rebuild/status').expect(404);
  });

  it('a body over 1 MiB → 413', async () => {
    const res = await t
      .http()
      .post('/tracking/queries/admin/rebuild')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ x: 'a'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
  });

  it('GET /health answers healthy with the database and the broker up; /docs-json documents every endpoint', async () => {
    const health = await t.http().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'healthy', service: 'tracking-queries', checks: { database: { status: 'up' }, broker: { status: 'up' } } });
    const docs = await t.http().get('/docs-json').expect(200);
    const paths = Object.keys(docs.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/tracking/queries/impresiones/{id}',
        '/tracking/queries/conversiones/{id}',
        '/tracking/queries/campanas/{id}/impresiones',
        '/tracking/queries/campanas/{id}/conversiones',
        '/tracking/queries/campanas/{id}/estadisticas',
        '/tracking/queries/influencers/{id}/impresiones',
        '/tracking/queries/influencers/{id}/conversiones',
        '/tracking/queries/influencers/{id}/estadisticas',
        '/tracking/queries/admin/rebuild',
        '/tracking/queries/admin/rebuild/status',
        '/tracking/queries/admin/rebuild/{id}',
      ]),
    );
    expect(docs.body.paths['/tracking/queries/campanas/{id}/estadisticas'].get.responses).toEqual(
      expect.objectContaining({ '200': expect.anything(), '400': expect.anything(), '404': expect.anything() }),
    );
  });
});
