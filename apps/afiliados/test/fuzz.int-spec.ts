import request from 'supertest';
import { assertNoFuzzViolations } from '@alpes/platform/testing';
import { AfiliadosTestApp, nuevoAfiliado, startAfiliadosTestApp } from './support/afiliados-app';

/**
 * Generated fuzz of the whole contract (`/docs-json`, libs/platform/src/testing/openapi-fuzz.ts): for every operation,
 * malformed bodies, numbers, strings, parameters, headers and transport → never a 5xx, never a 2xx for what the
 * contract refuses. Fixed seed; `FUZZ_RUNS=200 FUZZ_SEED=random` for a wider run.
 */
describe('afiliados: generated fuzz of the OpenAPI contract', () => {
  let t: AfiliadosTestApp;

  beforeAll(async () => {
    t = await startAfiliadosTestApp('fuzz');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  // Generous: a wider run (FUZZ_RUNS) takes minutes.
  it('never answers 5xx, nor 2xx to a request the contract refuses', async () => {
    // One existing affiliate, so that the cases on /{id} reach the aggregate instead of stopping at 404.
    const creado = await request(t.app.getHttpServer()).post('/api/v1/afiliados').send(nuevoAfiliado()).expect(201);
    await assertNoFuzzViolations(t.app, {
      pathParams: () => ({ id: creado.body.id as string }),
      body: (op) => (op.key === 'POST /api/v1/afiliados' ? (nuevoAfiliado() as never) : undefined),
    });
  }, 30 * 60_000);
});
