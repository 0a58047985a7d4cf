import { assertNoFuzzViolations } from '@alpes/platform/testing';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

/**
 * Generated fuzz of the whole contract (`/docs-json`, libs/platform/src/testing/openapi-fuzz.ts): for every operation,
 * malformed bodies, numbers, strings, parameters, headers and transport → never a 5xx, never a 2xx for what the
 * contract refuses. Fixed seed; `FUZZ_RUNS=200 FUZZ_SEED=random` for a wider run.
 */
describe('monitoreo: generated fuzz of the OpenAPI contract', () => {
  let t: MonitoreoTestApp;

  beforeAll(async () => {
    t = await startMonitoreoTestApp('fuzz');
  });
  afterAll(async () => {
    await t?.close();
  });

  // Generous: a wider run (FUZZ_RUNS) takes minutes.
  it('never answers 5xx, nor 2xx to a request the contract refuses', async () => {
    // Path ids come from the document's examples (the alert rule TASA_CONVERSION_BAJA exists from the start).
    await assertNoFuzzViolations(t.app);
  }, 30 * 60_000);
});
