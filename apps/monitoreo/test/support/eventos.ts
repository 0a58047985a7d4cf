import { randomUUID } from 'node:crypto';
import { SAMPLE_PAYLOADS, type EventPayloadMap, type EventType } from '@alpes/contracts';
import { PulsarWebSocketClient, pulsarHttpUrlFromEnv } from '@alpes/messaging';
import { publishTestEvents, waitFor, type TestRuntime } from '@alpes/platform/testing';
import type { MonitoreoTestApp } from './monitoreo-app';

export interface EventoPrueba<E extends EventType = EventType> {
  readonly eventType: E;
  readonly payload: EventPayloadMap[E];
  readonly meta: { aggregate_id: string; key: string; event_id?: string; occurred_at?: number; producer?: string; correlation_id?: string };
}

/** A contract event as another service would publish it: sample payload + overrides, keyed like the catalog says. */
export function ev<E extends EventType>(
  eventType: E,
  overrides: Partial<EventPayloadMap[E]>,
  meta: { key: string; event_id?: string; occurred_at?: number; producer?: string; correlation_id?: string },
): EventoPrueba<E> {
  return {
    eventType,
    payload: { ...(SAMPLE_PAYLOADS[eventType] as EventPayloadMap[E]), ...overrides },
    meta: { aggregate_id: meta.key, ...meta },
  };
}

/** Where to publish: a started app, or the runtime of one not started yet (`beforeStart`). */
type Destino = MonitoreoTestApp | TestRuntime;
const topicos = (d: Destino) => ('runtime' in d ? d.runtime : d).resolveTopic;

export async function publicar(d: Destino, ...eventos: EventoPrueba[]): Promise<void> {
  await publishTestEvents(topicos(d), eventos as never);
}

/** Raw messages on a per-run JSON topic of `alpes/externos` (`clicks`, `conversions`, `sales`), as an outside system sends them. */
export async function publicarJson(d: Destino, topic: 'clicks' | 'conversions' | 'sales', cuerpos: readonly (string | object)[]): Promise<void> {
  const client = new PulsarWebSocketClient({ httpUrl: pulsarHttpUrlFromEnv() });
  try {
    const producer = client.producer(topicos(d)(topic));
    for (const cuerpo of cuerpos) {
      await producer.send({ key: 'externo', payload: Buffer.from(typeof cuerpo === 'string' ? cuerpo : JSON.stringify(cuerpo)) });
    }
  } finally {
    await client.close();
  }
}

/** The messages of a dead-letter topic, from the earliest, until `count` arrived (their JSON text and `dlq_reason`). */
export async function leerDlq(topic: string, count: number, timeoutMs = 30_000): Promise<{ payload: string; reason: string; properties: Record<string, string> }[]> {
  const client = new PulsarWebSocketClient({ httpUrl: pulsarHttpUrlFromEnv() });
  const got: { payload: string; reason: string; properties: Record<string, string> }[] = [];
  try {
    await client.subscribe(
      { topic, subscription: `test-dlq-${randomUUID().slice(0, 8)}`, subscriptionType: 'Exclusive', initialPosition: 'Earliest' },
      async (m) => {
        got.push({ payload: m.payload.toString('utf8'), reason: m.properties['dlq_reason'] ?? '', properties: { ...m.properties } });
      },
    );
    await waitFor(() => got.length >= count, timeoutMs, `${count} messages in ${topic}`);
    return got;
  } finally {
    await client.close();
  }
}

/** Unique ids per test (tests of one file share a database). */
export function ids(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Polls a GET until `check(body)` holds; fails showing the last answer. */
export async function esperarGet<T = Record<string, unknown>>(
  t: MonitoreoTestApp,
  path: string,
  check: (body: T) => boolean,
  timeoutMs = 45_000,
): Promise<T> {
  let last: unknown;
  try {
    return await waitFor(
      async () => {
        const res = await t.http().get(path);
        last = { status: res.status, body: res.body };
        return res.status === 200 && check(res.body as T) ? (res.body as T) : null;
      },
      timeoutMs,
      `GET ${path}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast answer: ${JSON.stringify(last).slice(0, 4000)}`);
  }
}

