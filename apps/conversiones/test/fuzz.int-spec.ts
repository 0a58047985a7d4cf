import { assertNoFuzzViolations, type FuzzValue } from '@alpes/platform/testing';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { esperarConversion, post } from './support/http';

/**
 * Generated fuzz of the whole contract (`/docs-json`, libs/platform/src/testing/openapi-fuzz.ts): for every operation,
 * malformed bodies, numbers, strings, parameters, headers and transport → never a 5xx, never a 2xx for what the
 * contract refuses. Fixed seed; `FUZZ_RUNS=200 FUZZ_SEED=random` for a wider run.
 */
describe('conversiones: generated fuzz of the OpenAPI contract', () => {
  let e: Escenario;

  beforeAll(async () => {
    e = await iniciarEscenario('fuzz');
  });
  afterAll(async () => {
    await e?.close();
  });

  // Generous: a wider run (FUZZ_RUNS) takes minutes.
  it('never answers 5xx, nor 2xx to a request the contract refuses', async () => {
    // A validated conversion, so that GET/revertir on /{id} reach the aggregate instead of stopping at 404.
    const click = await post(e, '/api/v1/tracking/clicks', { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado }).expect(202);
    const conversion = await post(e, '/api/v1/conversiones', { click_id: click.body.id, tipo_conversion: 'venta', valor_conversion: 1000, moneda: 'COP' }).expect(202);
    await esperarConversion(e, conversion.body.id as string, 'VALIDADA');

    const evento = { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado };
    const bodies: Record<string, () => FuzzValue> = {
      'POST /api/v1/tracking/impresiones': () => ({ ...evento }),
      'POST /api/v1/tracking/clicks': () => ({ ...evento }),
      'POST /api/v1/tracking/impresiones/lote': () => ({ items: [{ ...evento }] }),
      'POST /api/v1/tracking/clicks/lote': () => ({ items: [{ ...evento }] }),
      'POST /api/v1/conversiones': () => ({ ...evento, tipo_conversion: 'venta', valor_conversion: 100, moneda: 'COP' }),
    };
    await assertNoFuzzViolations(e.app, {
      pathParams: () => ({ id: conversion.body.id as string }),
      body: (op) => bodies[op.key]?.(),
    });
  }, 30 * 60_000);
});
