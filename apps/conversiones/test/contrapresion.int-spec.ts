import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { sleep, waitFor } from '@alpes/platform/testing';
import { AdmisionIngesta } from '../src/application/ingesta/admision-ingesta';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { esperarConversion } from './support/http';

const UMBRAL_TRACKING = 2_000;
const UMBRAL_DINERO = 30_000;
const LOTE = 500;
/** A flood that never meets back-pressure fails the test instead of running forever. */
const MAX_IMPRESIONES = 200_000;

/**
 * Issue 10, item 6: back-pressure on the real broker and database. One client floods impressions through `/lote`;
 * ingest must answer 503 `TRACKING.SOBRECARGA` with `Retry-After` once the measured backlog reaches the tracking
 * threshold, a conversion of another campaign must still be accepted while impressions are refused, ingest accepts
 * again once the flood stops, and every impression answered 202 is processed (none answered 503 is).
 */
describe('conversiones: back-pressure (real MariaDB + Pulsar)', () => {
  let e: Escenario;
  let base: string;

  beforeAll(async () => {
    e = await iniciarEscenario('contrapresion', {
      CONVERSIONES_ADMISION_UMBRAL_TRACKING: String(UMBRAL_TRACKING),
      CONVERSIONES_ADMISION_UMBRAL_DINERO: String(UMBRAL_DINERO),
      CONVERSIONES_ADMISION_MUESTREO_MS: '200',
    });
    const server = e.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await e?.close();
  });

  it('a flood of impressions is pushed back (503 + Retry-After) while another campaign’s conversion gets in; ingest recovers; nothing accepted is lost', async () => {
    const run = randomUUID().slice(0, 8);
    const aceptadas: string[] = [];
    const rechazadas: string[] = [];
    const rechazos: { at: number; retryAfter: string | undefined; code: unknown }[] = [];
    let siguiente = 0;
    let parar = false;

    const inundar = async (): Promise<void> => {
      while (!parar && siguiente < MAX_IMPRESIONES) {
        const ids = Array.from({ length: LOTE }, () => `f-${run}-${siguiente++}`);
        const items = ids.map((id) => ({ id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado }));
        const r = await request(base).post('/api/v1/tracking/impresiones/lote').send({ items });
        if (r.status === 202) {
          expect(r.body).toMatchObject({ aceptados: LOTE, rechazados: [] });
          aceptadas.push(...(r.body.ids as string[]));
        } else if (r.status === 503) {
          rechazadas.push(...ids);
          rechazos.push({ at: Date.now(), retryAfter: r.headers['retry-after'], code: r.body.code });
        } else {
          throw new Error(`unexpected answer ${r.status} ${JSON.stringify(r.body)}`);
        }
      }
    };
    const flood = Promise.all([inundar(), inundar(), inundar(), inundar()]);

    try {
      // 1. The flood meets back-pressure.
      await waitFor(() => rechazos.length > 0 || siguiente >= MAX_IMPRESIONES, 300_000, 'a 503 for the flood');
      expect(rechazos.length).toBeGreaterThan(0);
      expect(rechazos[0].code).toBe('TRACKING.SOBRECARGA');
      expect(Number(rechazos[0].retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number.isInteger(Number(rechazos[0].retryAfter))).toBe(true);

      // 2. Another tenant's money event still gets in while impressions keep being refused around it.
      const conversion = `conv-${run}`;
      const antes = Date.now();
      const r = await request(base)
        .post('/api/v1/conversiones')
        .send({ id: conversion, afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campanaUsd, tipo_conversion: 'venta', valor_conversion: 49.99, moneda: 'USD' });
      expect(r.status).toBe(202);
      const aceptadaEn = Date.now();
      expect(rechazos.some((x) => x.at <= antes)).toBe(true);
      await waitFor(() => rechazos.some((x) => x.at >= aceptadaEn), 60_000, 'impressions refused after the conversion was accepted');

      // 3. The flood stops; ingest accepts again once the backlog has drained.
      parar = true;
      await flood;
      const tras = `f-${run}-despues`;
      const mientras: number[] = [];
      await waitFor(
        async () => {
          const otra = await request(base).post('/api/v1/tracking/impresiones').send({ id: tras, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado });
          mientras.push(otra.status);
          if (otra.status !== 202) await sleep(500);
          return otra.status === 202;
        },
        300_000,
        'an impression accepted after the flood',
      );
      expect(mientras.filter((s) => s !== 202 && s !== 503)).toEqual([]);
      aceptadas.push(tras);

      // 4. Every 202 is processed; no 503 is.
      expect(await esperarConversion(e, conversion, 'VALIDADA', 300_000)).toMatchObject({ campana_id: MUNDO.campanaUsd });
      await waitFor(
        async () => {
          if ((await procesadas(aceptadas)) === aceptadas.length) return true;
          await sleep(1_000);
          return false;
        },
        600_000,
        `${aceptadas.length} accepted impressions processed`,
      );
      expect(await procesadas(rechazadas)).toBe(0);
      const estado = e.app.get(AdmisionIngesta).estado();
      expect(estado.rechazados.TRACKING).toBe(rechazadas.length + mientras.filter((s) => s === 503).length);
      expect(estado.rechazados.DINERO).toBe(0);
      process.stdout.write(
        `back-pressure: ${aceptadas.length} impressions accepted, ${rechazadas.length} refused (${rechazos.length} requests); drain rate ${Math.round(estado.tasaDrenaje)} events/s\n`,
      );
    } finally {
      parar = true;
      await flood.catch(() => undefined);
    }
  }, 1_200_000);

  /** How many of `ids` have a stream in the event store. */
  async function procesadas(ids: readonly string[]): Promise<number> {
    let n = 0;
    for (let i = 0; i < ids.length; i += 1_000) {
      const parte = ids.slice(i, i + 1_000);
      if (parte.length === 0) continue;
      const [fila] = await e.query<{ n: string }>(`SELECT COUNT(*) AS n FROM event_store WHERE aggregate_id IN (${parte.map(() => '?').join(', ')})`, parte);
      n += Number(fila.n);
    }
    return n;
  }
});
