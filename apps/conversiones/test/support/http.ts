import request from 'supertest';
import { waitFor } from '@alpes/platform/testing';
import type { Escenario } from './escenario';

export type Body = Record<string, unknown>;

export function post(e: Escenario, path: string, body: unknown): request.Test {
  return request(e.app.getHttpServer()).post(path).send(body as object);
}

export function get(e: Escenario, path: string): request.Test {
  return request(e.app.getHttpServer()).get(path);
}

/** Polls GET /api/v1/conversiones/:id until it reaches `estado`. */
export async function esperarConversion(e: Escenario, id: string, estado: string, timeoutMs = 30_000): Promise<Body> {
  let ultimo: unknown;
  return waitFor(
    async () => {
      const r = await get(e, `/api/v1/conversiones/${id}`);
      ultimo = r.body;
      return r.status === 200 && r.body.estado === estado ? (r.body as Body) : null;
    },
    timeoutMs,
    `conversion ${id} ${estado} (last seen ${JSON.stringify(ultimo)})`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last answer ${JSON.stringify(ultimo)}`);
  });
}

/** Waits until the event store holds `n` events of the aggregate. */
export async function esperarEventos(e: Escenario, id: string, n: number, timeoutMs = 30_000): Promise<Body[]> {
  return waitFor(
    async () => {
      const filas = await e.query<Body>('SELECT * FROM event_store WHERE aggregate_id = ? ORDER BY version', [id]);
      return filas.length >= n ? filas : null;
    },
    timeoutMs,
    `${n} events of ${id}`,
  );
}
