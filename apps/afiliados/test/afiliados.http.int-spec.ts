import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AfiliadosTestApp, nuevoAfiliado, startAfiliadosTestApp } from './support/afiliados-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface FieldError {
  field: string;
  messages: string[];
}

/** The HTTP contract (DESIGN.md §6) against the real MariaDB (and the broker the app connects to). */
describe('afiliados HTTP API', () => {
  let t: AfiliadosTestApp;
  const http = () => request(t.app.getHttpServer());

  async function registrar(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown> & { id: string }> {
    const res = await http().post('/api/v1/afiliados').send(nuevoAfiliado(overrides)).expect(201);
    return res.body;
  }

  const fieldsOf = (body: { errors?: FieldError[] }) => (body.errors ?? []).map((e) => e.field).sort();

  beforeAll(async () => {
    t = await startAfiliadosTestApp('http');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  describe('POST /api/v1/afiliados', () => {
    it('201: registers a PENDIENTE afiliado with normalised data', async () => {
      const res = await http()
        .post('/api/v1/afiliados')
        .send({
          nombre: '  Juan Pérez ',
          email: '  JUAN.PEREZ@Email.COM ',
          tipo_afiliado: 'premium',
          configuracion_comisiones: { comision_base: 15, comision_premium: 20.1234 },
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        nombre: 'Juan Pérez',
        email: 'juan.perez@email.com',
        tipo_afiliado: 'premium',
        estado: 'PENDIENTE',
        configuracion_comisiones: { comision_base: 15, comision_premium: 20.1234 },
        pais: null,
        redes_sociales: [],
        motivo_suspension: null,
        creado_en: expect.any(String),
        actualizado_en: expect.any(String),
        version: 1,
      });
      expect(res.headers['location']).toBe(`/api/v1/afiliados/${res.body.id}`);
      expect(new Date(res.body.creado_en).getTime()).toBeGreaterThan(Date.now() - 60_000);
      const stored = await http().get(`/api/v1/afiliados/${res.body.id}`).expect(200);
      expect(stored.body).toEqual(res.body);
    });

    it('201: comision_base defaults to 10 when configuracion_comisiones is omitted', async () => {
      const afiliado = await registrar();
      expect(afiliado.configuracion_comisiones).toEqual({ comision_base: 10, comision_premium: null });
    });

    it('stores percentages exactly (DECIMAL, no float drift)', async () => {
      const afiliado = await registrar({ configuracion_comisiones: { comision_base: 0.1, comision_premium: 0.3 } });
      const [row] = await t.dataSource.query('SELECT comision_base, comision_premium FROM afiliados WHERE id = ?', [afiliado.id]);
      expect(row).toEqual({ comision_base: '0.1000', comision_premium: '0.3000' });
      expect(afiliado.configuracion_comisiones).toEqual({ comision_base: 0.1, comision_premium: 0.3 });
    });

    it('client-supplied id: same body again → 200 with the same resource; different body → 409 AFILIADO.ID_EN_CONFLICTO', async () => {
      const id = randomUUID();
      const body = nuevoAfiliado({ id, configuracion_comisiones: { comision_base: 12 } });
      const first = await http().post('/api/v1/afiliados').send(body).expect(201);
      expect(first.body.id).toBe(id);
      const again = await http()
        .post('/api/v1/afiliados')
        .send({ ...body, id: id.toUpperCase(), email: ` ${String(body.email).toUpperCase()} ` })
        .expect(200);
      expect(again.body).toEqual(first.body);
      const conflict = await http()
        .post('/api/v1/afiliados')
        .send({ ...body, nombre: 'Otro nombre' })
        .expect(409);
      expect(conflict.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'AFILIADO.ID_EN_CONFLICTO', details: { id } });
    });

    it('409 AFILIADO.EMAIL_DUPLICADO for an email already registered, whatever its case', async () => {
      const afiliado = await registrar();
      const res = await http()
        .post('/api/v1/afiliados')
        .send(nuevoAfiliado({ email: String(afiliado.email).toUpperCase() }))
        .expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'AFILIADO.EMAIL_DUPLICADO' });
    });

    it('two concurrent registrations with one email: exactly one 201 and one 409 EMAIL_DUPLICADO, one row, one event', async () => {
      for (let round = 0; round < 5; round++) {
        const email = `carrera.${randomUUID().slice(0, 8)}@email.com`;
        const results = await Promise.all(
          ['Uno', 'Dos'].map((nombre) => http().post('/api/v1/afiliados').send({ nombre, email, tipo_afiliado: 'basico' })),
        );
        expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
        expect(results.find((r) => r.status === 409)?.body.code).toBe('AFILIADO.EMAIL_DUPLICADO');
        const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM afiliados WHERE email = ?', [email]);
        expect(rows).toHaveLength(1);
        const [{ n }] = await t.dataSource.query(
          "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'AfiliadoRegistrado' AND message_key = ?",
          [rows[0].id],
        );
        expect(Number(n)).toBe(1);
      }
    });

    it('two concurrent registrations with one client id and one body: one 201 and one 200 replay', async () => {
      const body = nuevoAfiliado({ id: randomUUID() });
      const results = await Promise.all([1, 2].map(() => http().post('/api/v1/afiliados').send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(results[0].body.id).toBe(results[1].body.id);
    });

    it('422 AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE when the premium percentage is below the base', async () => {
      const res = await http()
        .post('/api/v1/afiliados')
        .send(nuevoAfiliado({ configuracion_comisiones: { comision_base: 15, comision_premium: 10 } }))
        .expect(422);
      expect(res.body).toMatchObject({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE',
        details: { comision_base: '15', comision_premium: '10' },
      });
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['missing fields', {}, ['email', 'nombre', 'tipo_afiliado']],
      ['nombre as a number', { nombre: 42 }, ['nombre']],
      ['blank nombre', { nombre: '   ' }, ['nombre']],
      ['nombre over 200 characters', { nombre: 'x'.repeat(201) }, ['nombre']],
      ['nombre null', { nombre: null }, ['nombre']],
      ['invalid email', { email: 'no-es-un-email' }, ['email']],
      ['email as an array', { email: ['a@b.co'] }, ['email']],
      ['unknown tipo_afiliado', { tipo_afiliado: 'gold' }, ['tipo_afiliado']],
      ['id that is not a uuid', { id: 'af_123' }, ['id']],
      ['unknown field', { extra: true }, ['extra']],
      ['configuracion_comisiones as a string', { configuracion_comisiones: '15' }, ['configuracion_comisiones']],
      ['configuracion_comisiones as an array', { configuracion_comisiones: [{ comision_base: 15 }] }, ['configuracion_comisiones']],
      ['comision_base as a string', { configuracion_comisiones: { comision_base: '15' } }, ['configuracion_comisiones.comision_base']],
      ['comision_base above 100', { configuracion_comisiones: { comision_base: 100.5 } }, ['configuracion_comisiones.comision_base']],
      ['negative comision_base', { configuracion_comisiones: { comision_base: -1 } }, ['configuracion_comisiones.comision_base']],
      ['comision_base with 5 decimals', { configuracion_comisiones: { comision_base: 12.34567 } }, ['configuracion_comisiones.comision_base']],
      ['huge comision_premium', { configuracion_comisiones: { comision_premium: 1e308 } }, ['configuracion_comisiones.comision_premium']],
      ['unknown nested field', { configuracion_comisiones: { comision_base: 10, bono: 1 } }, ['configuracion_comisiones.bono']],
      ['pais of 3 letters', { pais: 'COL' }, ['pais']],
      ['redes_sociales as a string', { redes_sociales: '@juan' }, ['redes_sociales']],
      ['redes_sociales with a number', { redes_sociales: ['@juan', 7] }, ['redes_sociales']],
      ['too many redes_sociales', { redes_sociales: Array.from({ length: 21 }, (_, i) => `@r${i}`) }, ['redes_sociales']],
    ])('400 VALIDACION.DATOS_INVALIDOS: %s', async (_what, override, fields) => {
      const body = Object.keys(override).length === 0 ? {} : nuevoAfiliado(override);
      const res = await http().post('/api/v1/afiliados').send(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDACION.DATOS_INVALIDOS' });
      expect(Array.isArray(res.body.message)).toBe(true);
      expect(fieldsOf(res.body)).toEqual(fields);
    });

    it.each([
      ['malformed JSON', '{"nombre": "Juan", ', 'HTTP.JSON_INVALIDO'],
      ['a JSON array', '[{"nombre": "Juan"}]', 'VALIDACION.DATOS_INVALIDOS'],
      ['JSON null', 'null', 'HTTP.JSON_INVALIDO'],
      ['a JSON number', '42', 'HTTP.JSON_INVALIDO'],
      ['a number too large for a double', '{"nombre":"A","email":"big@email.com","tipo_afiliado":"basico","configuracion_comisiones":{"comision_base":1e400}}', 'VALIDACION.DATOS_INVALIDOS'],
    ])('400 for %s, never 500', async (_what, raw, code) => {
      const res = await http().post('/api/v1/afiliados').set('content-type', 'application/json').send(raw);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
    });

    it('413 for a body over 1 MiB', async () => {
      const res = await http()
        .post('/api/v1/afiliados')
        .send(nuevoAfiliado({ nombre: 'x'.repeat(1024 * 1024 + 10) }));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('HTTP.CUERPO_DEMASIADO_GRANDE');
    });
  });

  describe('GET /api/v1/afiliados/:id', () => {
    it('200 with the afiliado (the id in any case)', async () => {
      const afiliado = await registrar({ pais: 'mx', redes_sociales: ['@ana'] });
      const res = await http().get(`/api/v1/afiliados/${afiliado.id.toUpperCase()}`).expect(200);
      expect(res.body).toMatchObject({ id: afiliado.id, pais: 'MX', redes_sociales: ['@ana'], estado: 'PENDIENTE' });
    });

    it('404 AFILIADO.NO_ENCONTRADO for an unknown id', async () => {
      const res = await http().get(`/api/v1/afiliados/${UNKNOWN_ID}`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', code: 'AFILIADO.NO_ENCONTRADO' });
    });

    it('400 AFILIADO.ID_INVALIDO for an id that is not a uuid', async () => {
      const res = await http().get('/api/v1/afiliados/af_123').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'AFILIADO.ID_INVALIDO' });
    });
  });

  describe('lifecycle actions', () => {
    it('activar → suspender → reactivar answer 200 with the resource in its new state', async () => {
      const { id } = await registrar();
      const activo = await http().post(`/api/v1/afiliados/${id}/activar`).expect(200);
      expect(activo.body).toMatchObject({ id, estado: 'ACTIVO', version: 2 });
      const suspendido = await http().post(`/api/v1/afiliados/${id}/suspender`).send({ motivo: '  fraude  ' }).expect(200);
      expect(suspendido.body).toMatchObject({ estado: 'SUSPENDIDO', motivo_suspension: 'fraude', version: 3 });
      const reactivado = await http().post(`/api/v1/afiliados/${id}/reactivar`).expect(200);
      expect(reactivado.body).toMatchObject({ estado: 'ACTIVO', motivo_suspension: null, version: 4 });
      expect((await http().get(`/api/v1/afiliados/${id}`).expect(200)).body).toEqual(reactivado.body);
    });

    it.each([
      ['activar an ACTIVO afiliado', ['activar'], 'activar', { desde: 'ACTIVO', hacia: 'ACTIVO' }],
      ['suspender a PENDIENTE afiliado', [], 'suspender', { desde: 'PENDIENTE', hacia: 'SUSPENDIDO' }],
      ['reactivar a PENDIENTE afiliado', [], 'reactivar', { desde: 'PENDIENTE', hacia: 'ACTIVO' }],
      ['reactivar an ACTIVO afiliado', ['activar'], 'reactivar', { desde: 'ACTIVO', hacia: 'ACTIVO' }],
      ['activar a SUSPENDIDO afiliado', ['activar', 'suspender'], 'activar', { desde: 'SUSPENDIDO', hacia: 'ACTIVO' }],
      ['suspender a SUSPENDIDO afiliado', ['activar', 'suspender'], 'suspender', { desde: 'SUSPENDIDO', hacia: 'SUSPENDIDO' }],
    ])('409 AFILIADO.TRANSICION_INVALIDA: %s', async (_what, before, action, details) => {
      const { id } = await registrar();
      for (const step of before) {
        await http().post(`/api/v1/afiliados/${id}/${step}`).send({ motivo: 'x' }).expect(200);
      }
      const res = await http().post(`/api/v1/afiliados/${id}/${action}`).send(action === 'suspender' ? { motivo: 'x' } : {});
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'AFILIADO.TRANSICION_INVALIDA', details });
    });

    it('two concurrent activar: one 200, one 409, the afiliado activated once', async () => {
      const { id } = await registrar();
      const results = await Promise.all([1, 2].map(() => http().post(`/api/v1/afiliados/${id}/activar`)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toMatch(/^AFILIADO\.(TRANSICION_INVALIDA|MODIFICACION_CONCURRENTE)$/);
      const [{ n }] = await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = 'AfiliadoActivado' AND message_key = ?",
        [id],
      );
      expect(Number(n)).toBe(1);
      expect((await http().get(`/api/v1/afiliados/${id}`).expect(200)).body).toMatchObject({ estado: 'ACTIVO', version: 2 });
    });

    it.each(['activar', 'suspender', 'reactivar'])('%s: 404 for an unknown id, 400 for a non-uuid id', async (action) => {
      const body = { motivo: 'x' };
      const missing = await http().post(`/api/v1/afiliados/${UNKNOWN_ID}/${action}`).send(body).expect(404);
      expect(missing.body.code).toBe('AFILIADO.NO_ENCONTRADO');
      const invalid = await http().post(`/api/v1/afiliados/123/${action}`).send(body).expect(400);
      expect(invalid.body.code).toBe('AFILIADO.ID_INVALIDO');
    });

    it.each<[string, unknown, string[]]>([
      ['no motivo', {}, ['motivo']],
      ['blank motivo', { motivo: '   ' }, ['motivo']],
      ['motivo as a number', { motivo: 5 }, ['motivo']],
      ['motivo over 500 characters', { motivo: 'x'.repeat(501) }, ['motivo']],
      ['unknown field', { motivo: 'fraude', extra: 1 }, ['extra']],
    ])('suspender 400: %s', async (_what, body, fields) => {
      const { id } = await registrar();
      await http().post(`/api/v1/afiliados/${id}/activar`).expect(200);
      const res = await http().post(`/api/v1/afiliados/${id}/suspender`).send(body as object).expect(400);
      expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(fieldsOf(res.body)).toEqual(fields);
      expect((await http().get(`/api/v1/afiliados/${id}`)).body.estado).toBe('ACTIVO');
    });

    it('suspender 400 for malformed JSON', async () => {
      const { id } = await registrar();
      const res = await http().post(`/api/v1/afiliados/${id}/suspender`).set('content-type', 'application/json').send('{"motivo":');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('HTTP.JSON_INVALIDO');
    });
  });

  describe('PUT /api/v1/afiliados/:id/configuracion-comisiones', () => {
    it('200 with the new configuration; an absent comision_premium removes it; the same one again changes nothing', async () => {
      const { id } = await registrar({ configuracion_comisiones: { comision_base: 15, comision_premium: 20 } });
      const res = await http()
        .put(`/api/v1/afiliados/${id}/configuracion-comisiones`)
        .send({ comision_base: 12.5, comision_premium: 18.75 })
        .expect(200);
      expect(res.body).toMatchObject({ id, configuracion_comisiones: { comision_base: 12.5, comision_premium: 18.75 }, version: 2 });
      const sinPremium = await http().put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send({ comision_base: 12.5 }).expect(200);
      expect(sinPremium.body).toMatchObject({ configuracion_comisiones: { comision_base: 12.5, comision_premium: null }, version: 3 });
      const igual = await http()
        .put(`/api/v1/afiliados/${id}/configuracion-comisiones`)
        .send({ comision_base: 12.5, comision_premium: null })
        .expect(200);
      expect(igual.body.version).toBe(3);
    });

    it('works in every state (SUSPENDIDO too)', async () => {
      const { id } = await registrar();
      await http().post(`/api/v1/afiliados/${id}/activar`).expect(200);
      await http().post(`/api/v1/afiliados/${id}/suspender`).send({ motivo: 'revisión' }).expect(200);
      const res = await http().put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send({ comision_base: 5 }).expect(200);
      expect(res.body).toMatchObject({ estado: 'SUSPENDIDO', configuracion_comisiones: { comision_base: 5 } });
    });

    it('422 when comision_premium is below comision_base', async () => {
      const { id } = await registrar();
      const res = await http()
        .put(`/api/v1/afiliados/${id}/configuracion-comisiones`)
        .send({ comision_base: 20, comision_premium: 19.9999 })
        .expect(422);
      expect(res.body.code).toBe('AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE');
    });

    it('404 for an unknown id, 400 for a non-uuid id', async () => {
      expect((await http().put(`/api/v1/afiliados/${UNKNOWN_ID}/configuracion-comisiones`).send({ comision_base: 5 }).expect(404)).body.code).toBe(
        'AFILIADO.NO_ENCONTRADO',
      );
      expect((await http().put('/api/v1/afiliados/nope/configuracion-comisiones').send({ comision_base: 5 }).expect(400)).body.code).toBe(
        'AFILIADO.ID_INVALIDO',
      );
    });

    it.each<[string, unknown, string[]]>([
      ['missing comision_base', {}, ['comision_base']],
      ['comision_base as a string', { comision_base: '10' }, ['comision_base']],
      ['comision_base null', { comision_base: null }, ['comision_base']],
      ['comision_base above 100', { comision_base: 101 }, ['comision_base']],
      ['comision_premium as a boolean', { comision_base: 10, comision_premium: true }, ['comision_premium']],
      ['unknown field', { comision_base: 10, comision_extra: 3 }, ['comision_extra']],
    ])('400: %s', async (_what, body, fields) => {
      const { id } = await registrar();
      const res = await http().put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send(body as object).expect(400);
      expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(fieldsOf(res.body)).toEqual(fields);
    });
  });

  describe('GET /api/v1/afiliados (filters and pagination)', () => {
    const marca = `lista${randomUUID().slice(0, 6)}`;
    /** This test's afiliados, oldest first. */
    const creados: { id: string; creado_en: string; tipo: string; estado: string }[] = [];
    /** What the list must show for `filter`: newest first (creado_en DESC, then id ASC on a millisecond tie). */
    const expected = (filter: (a: (typeof creados)[number]) => boolean = () => true) =>
      creados
        .filter(filter)
        .sort((a, b) => b.creado_en.localeCompare(a.creado_en) || a.id.localeCompare(b.id))
        .map((a) => a.id);

    beforeAll(async () => {
      // 5 afiliados: 2 basico, 2 premium, 1 influencer; the first two ACTIVO, the third SUSPENDIDO.
      const tipos = ['basico', 'premium', 'basico', 'influencer', 'premium'];
      for (const [i, tipo] of tipos.entries()) {
        const afiliado = await registrar({ nombre: `Ñandú ${marca} ${i}`, tipo_afiliado: tipo });
        creados.push({ id: afiliado.id, creado_en: String(afiliado.creado_en), tipo, estado: 'PENDIENTE' });
      }
      for (const i of [0, 1, 2]) {
        await http().post(`/api/v1/afiliados/${creados[i].id}/activar`).expect(200);
        creados[i].estado = 'ACTIVO';
      }
      await http().post(`/api/v1/afiliados/${creados[2].id}/suspender`).send({ motivo: 'x' }).expect(200);
      creados[2].estado = 'SUSPENDIDO';
    });

    it('q finds by part of the nombre (case and accents ignored), newest first, with total/page/limit', async () => {
      const res = await http().get('/api/v1/afiliados').query({ q: `NANDU ${marca.toUpperCase()}` }).expect(200);
      expect(res.body.total).toBe(5);
      expect(res.body.page).toBe(1);
      expect(res.body.limit).toBe(20);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual(expected());
    });

    it('pages through the results without overlap', async () => {
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await http().get('/api/v1/afiliados').query({ q: marca, page, limit: 2 }).expect(200);
        expect(res.body).toMatchObject({ total: 5, page, limit: 2 });
        pages.push(res.body.items.map((a: { id: string }) => a.id));
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual(expected());
      const beyond = await http().get('/api/v1/afiliados').query({ q: marca, page: 4, limit: 2 }).expect(200);
      expect(beyond.body).toEqual({ items: [], total: 5, page: 4, limit: 2 });
    });

    it('filters by estado and tipo_afiliado (combined)', async () => {
      const list = async (query: Record<string, string>) => {
        const res = await http().get('/api/v1/afiliados').query({ q: marca, ...query }).expect(200);
        expect(res.body.total).toBe(res.body.items.length);
        return res.body.items.map((a: { id: string }) => a.id);
      };
      expect(await list({ estado: 'ACTIVO' })).toEqual(expected((a) => a.estado === 'ACTIVO'));
      expect(await list({ estado: 'SUSPENDIDO' })).toEqual([creados[2].id]);
      expect(await list({ estado: 'PENDIENTE' })).toEqual(expected((a) => a.estado === 'PENDIENTE'));
      expect(await list({ tipo_afiliado: 'premium' })).toEqual(expected((a) => a.tipo === 'premium'));
      expect(await list({ tipo_afiliado: 'basico', estado: 'ACTIVO' })).toEqual([creados[0].id]);
      expect(expected((a) => a.estado === 'ACTIVO')).toHaveLength(2);
      expect(expected((a) => a.tipo === 'premium')).toHaveLength(2);
    });

    it('filters by exact email (normalised)', async () => {
      const afiliado = (await http().get(`/api/v1/afiliados/${creados[3].id}`).expect(200)).body;
      const res = await http().get('/api/v1/afiliados').query({ email: ` ${afiliado.email.toUpperCase()} ` }).expect(200);
      expect(res.body.items.map((a: { id: string }) => a.id)).toEqual([creados[3].id]);
      expect(res.body.total).toBe(1);
    });

    it('treats LIKE wildcards in q literally', async () => {
      const res = await http().get('/api/v1/afiliados').query({ q: '%' }).expect(200);
      expect(res.body.total).toBe(0);
    });

    it.each<[string, Record<string, string | string[]>, string]>([
      ['unknown estado', { estado: 'BORRADO' }, 'estado'],
      ['lower-case estado', { estado: 'activo' }, 'estado'],
      ['unknown tipo_afiliado', { tipo_afiliado: 'gold' }, 'tipo_afiliado'],
      ['limit above 100', { limit: '101' }, 'limit'],
      ['limit 0', { limit: '0' }, 'limit'],
      ['page 0', { page: '0' }, 'page'],
      ['page not a number', { page: 'abc' }, 'page'],
      ['repeated estado', { estado: ['ACTIVO', 'PENDIENTE'] }, 'estado'],
      ['unknown parameter', { orden: 'asc' }, 'orden'],
    ])('400 for %s', async (_what, query, field) => {
      const res = await http().get('/api/v1/afiliados').query(query).expect(400);
      expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(fieldsOf(res.body)).toContain(field);
    });
  });

  describe('the edge (issue 10): what a request may carry', () => {
    const raw = (text: string) => http().post('/api/v1/afiliados').set('content-type', 'application/json').send(text);

    it('a lone surrogate in email → 400 naming email (isEmail used to throw a URIError: 500)', async () => {
      const res = await raw('{"nombre":"Ana","email":"ana\\ud800@email.com","tipo_afiliado":"basico"}');
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['email']);
    });

    it('a percentage in exponent form with too many decimals → 400, not 500', async () => {
      const res = await raw('{"nombre":"Ana","email":"ana.exp@email.com","tipo_afiliado":"basico","configuracion_comisiones":{"comision_base":1e-7}}');
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['configuracion_comisiones.comision_base']);
    });

    it('null for a field that may only be left out → 400; comision_premium null keeps its meaning (no premium)', async () => {
      for (const campo of ['id', 'configuracion_comisiones', 'redes_sociales']) {
        const res = await http().post('/api/v1/afiliados').send(nuevoAfiliado({ [campo]: null }));
        expect({ campo, status: res.status }).toEqual({ campo, status: 400 });
        expect(fieldsOf(res.body)).toContain(campo);
      }
      await http()
        .post('/api/v1/afiliados')
        .send(nuevoAfiliado({ configuracion_comisiones: { comision_base: null } }))
        .expect(400);
      await http()
        .post('/api/v1/afiliados')
        .send(nuevoAfiliado({ configuracion_comisiones: { comision_base: 10, comision_premium: null } }))
        .expect(201);
    });

    it('a client id in capitals is stored lower-cased and found in any case', async () => {
      const id = randomUUID().toUpperCase();
      const res = await http().post('/api/v1/afiliados').send(nuevoAfiliado({ id })).expect(201);
      expect(res.body.id).toBe(id.toLowerCase());
      await http().get(`/api/v1/afiliados/${id}`).expect(200);
    });

    it.each(['page=0x10', 'page=1e3', 'limit=%205', 'limit=2.0'])('query %s → 400', async (q) => {
      const res = await http().get(`/api/v1/afiliados?${q}`).expect(400);
      expect(fieldsOf(res.body)).toEqual([q.split('=')[0]]);
    });

    it('a text/plain body on an action → 415; the action without a body still works', async () => {
      const { id } = await registrar();
      const res = await http().post(`/api/v1/afiliados/${id}/suspender`).set('content-type', 'text/plain').send('motivo=x');
      expect(res.status).toBe(415);
      await http().post(`/api/v1/afiliados/${id}/activar`).expect(200);
    });
  });

  it('serves the OpenAPI document with every endpoint', async () => {
    const res = await http().get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/v1/afiliados',
        '/api/v1/afiliados/{id}',
        '/api/v1/afiliados/{id}/activar',
        '/api/v1/afiliados/{id}/configuracion-comisiones',
        '/api/v1/afiliados/{id}/reactivar',
        '/api/v1/afiliados/{id}/suspender',
        '/health',
      ].sort(),
    );
    expect(Object.keys(res.body.paths['/api/v1/afiliados'].post.responses).sort()).toEqual(['200', '201', '400', '409', '422', '503']);
    expect(res.body.components.schemas.RegistrarAfiliadoRequestDto.properties.configuracion_comisiones).toBeDefined();
  });
});
