import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { assertNoFuzzViolations, type FuzzValue } from '@alpes/platform/testing';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

/**
 * Generated fuzz of the whole contract (`/docs-json`, libs/platform/src/testing/openapi-fuzz.ts): for every operation,
 * malformed bodies, numbers, strings, parameters, headers and transport → never a 5xx, never a 2xx for what the
 * contract refuses. Fixed seed; `FUZZ_RUNS=200 FUZZ_SEED=random` for a wider run.
 */
describe('marketing-comisiones: generated fuzz of the OpenAPI contract', () => {
  let t: MarketingTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('fuzz');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  // Generous: a wider run (FUZZ_RUNS) takes minutes.
  it('never answers 5xx, nor 2xx to a request the contract refuses', async () => {
    // One of each resource, so that the cases on /{id} reach the aggregates instead of stopping at 404.
    const afiliado = await publicarAfiliado(t);
    const campana = (await http().post('/api/v1/campanas').send(nuevaCampana()).expect(201)).body.id as string;
    const comision = (body: Record<string, unknown> = {}) => ({ afiliado_id: afiliado, conversion_id: `conv-${randomUUID()}`, tipo_comision: 'fija', monto: 1000, moneda: 'COP', ...body });
    const pagada = (await http().post('/api/v1/comisiones').send(comision()).expect(201)).body.id as string;
    await http().post(`/api/v1/comisiones/${pagada}/aprobar`).expect(200);
    const pago = (await http().post('/api/v1/pagos').send({ afiliado_id: afiliado, moneda: 'COP' }).expect(201)).body.id as string;
    const pendiente = (await http().post('/api/v1/comisiones').send(comision()).expect(201)).body as { id: string; conversion_id: string };

    const bodies: Record<string, () => FuzzValue> = {
      'POST /api/v1/campanas': () => nuevaCampana() as FuzzValue,
      'POST /api/v1/campanas/{id}/afiliados': () => ({ afiliado_id: afiliado }),
      'POST /api/v1/comisiones': () => comision() as FuzzValue,
      'POST /api/v1/pagos': () => ({ afiliado_id: afiliado }),
    };
    await assertNoFuzzViolations(t.app, {
      pathParams: (op) => {
        if (op.path.startsWith('/api/v1/campanas')) return { id: campana, afiliadoId: afiliado };
        if (op.path.startsWith('/api/v1/comisiones')) return { id: pendiente.id, conversionId: pendiente.conversion_id };
        if (op.path.startsWith('/api/v1/pagos')) return { id: pago };
        return undefined;
      },
      body: (op) => bodies[op.key]?.(),
    });
  }, 30 * 60_000);
});
