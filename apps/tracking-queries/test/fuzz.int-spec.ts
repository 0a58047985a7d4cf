import { assertNoFuzzViolations } from '@alpes/platform/testing';
import { startTrackingQueriesTestApp, type TrackingQueriesTestApp } from './support/tracking-queries-app';

/**
 * Generated fuzz of the whole contract (`/docs-json`, libs/platform/src/testing/openapi-fuzz.ts): for every operation,
 * malformed bodies, numbers, strings, parameters, headers and transport → never a 5xx, never a 2xx for what the
 * contract refuses. Fixed seed; `FUZZ_RUNS=200 FUZZ_SEED=random` for a wider run.
 */
describe('tracking-queries: generated fuzz of the OpenAPI contract', () => {
  let t: TrackingQueriesTestApp;

  beforeAll(async () => {
    t = await startTrackingQueriesTestApp('fuzz');
  });
  afterAll(async () => {
    await t?.close();
  });

  // Generous: a wider run (FUZZ_RUNS) takes minutes.
  it('never answers 5xx, nor 2xx to a request the contract refuses', async () => {
    await assertNoFuzzViolations(t.app);
  }, 30 * 60_000);
});
