/**
 * Integration-test support for the services (`@alpes/platform/testing`): a throw-away database and per-run topics on
 * the REAL broker and server, and helpers to play another service's part by publishing or reading contract events.
 * Never imported by production code.
 */
import { randomUUID } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import {
  decodeEvent,
  encodeEvent,
  messageProperties,
  topicOfEvent,
  TOPICS,
  type AppName,
  type Envelope,
  type EventPayload,
  type EventType,
  type KnownDecodedEvent,
  type TopicKey,
} from '@alpes/contracts';
import {
  PulsarAdminClient,
  PulsarWebSocketClient,
  pulsarHttpUrlFromEnv,
  type IntegrationEvent,
  type IntegrationEventMeta,
} from '@alpes/messaging';
import { mysqlSettingsFromEnv } from '../database/database.module';

export interface TestRuntime {
  /** Unique per call: names the topics and nothing else. */
  readonly runId: string;
  /** `alpes_test_[<ALPES_TEST_DB_TAG>_]<app>_<suffix>`, dropped and created afresh. */
  readonly database: string;
  /** Catalog topic → `persistent://public/default/alpes-test-<runId>-<topic>` (created partitioned like the catalog). */
  readonly resolveTopic: (key: TopicKey) => string;
  readonly pulsarHttpUrl: string;
}

const sanitize = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');

/** Drops and creates a database (its tables then always come from the current migrations). */
export async function recreateTestDatabase(database: string): Promise<void> {
  const settings = mysqlSettingsFromEnv();
  const connection = await createConnection({ host: settings.host, port: settings.port, user: settings.username, password: settings.password });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
}

/** Per-run topics for every catalog topic (same partition counts), so tests never meet running services or each other. */
export function testTopicResolver(runId: string): (key: TopicKey) => string {
  return (key) => `persistent://public/default/alpes-test-${runId}-${key}`;
}

/**
 * A fresh database for `app` and fresh partitioned topics on the real broker. Apps that talk to each other in one
 * test share the `resolveTopic` of one runtime (pass `runId` of the first to the second).
 */
export async function prepareTestRuntime(app: AppName, suffix = 'it', runId?: string): Promise<TestRuntime> {
  const id = runId ?? randomUUID().slice(0, 8);
  // ALPES_TEST_DB_TAG keeps the databases of test runs from several work trees on one server apart.
  const tag = process.env['ALPES_TEST_DB_TAG'] ? `${sanitize(process.env['ALPES_TEST_DB_TAG'])}_` : '';
  const database = `alpes_test_${tag}${sanitize(app)}_${sanitize(suffix)}`.slice(0, 64);
  const pulsarHttpUrl = pulsarHttpUrlFromEnv();
  const resolveTopic = testTopicResolver(id);
  await recreateTestDatabase(database);
  if (!runId) {
    const admin = new PulsarAdminClient(pulsarHttpUrl);
    for (const spec of Object.values(TOPICS)) {
      await admin.createPartitionedTopic(resolveTopic(spec.key), spec.partitions);
    }
  }
  return { runId: id, database, resolveTopic, pulsarHttpUrl };
}

type TestEvent<E extends EventType = EventType> = {
  [K in E]: {
    readonly eventType: K;
    readonly payload: EventPayload<K>;
    /** `producer` defaults to `test`; `event_id` may be given to send a duplicate on purpose. */
    readonly meta: IntegrationEventMeta;
  };
}[E];

/**
 * Sends contract events (Avro envelopes, the way the outbox relay does: keyed, with properties) straight to their
 * topics, as another service would. Returns the envelopes sent.
 */
export async function publishTestEvents(
  resolveTopic: (key: TopicKey) => string,
  events: readonly (TestEvent | IntegrationEvent)[],
): Promise<Envelope[]> {
  const client = new PulsarWebSocketClient({ httpUrl: pulsarHttpUrlFromEnv() });
  try {
    const sent: Envelope[] = [];
    for (const event of events) {
      const { key, producer, ...meta } = event.meta;
      const { envelope, bytes } = encodeEvent(event.eventType, event.payload as never, { ...meta, producer: producer ?? 'test' });
      await client.producer(resolveTopic(topicOfEvent(event.eventType))).send({
        key: key ?? envelope.aggregate_id,
        payload: bytes,
        properties: messageProperties(envelope),
        eventTime: Number(envelope.occurred_at),
      });
      sent.push(envelope);
    }
    return sent;
  } finally {
    await client.close();
  }
}

/** A decoded event read back from a topic, with its message key. */
export type ConsumedTestEvent = KnownDecodedEvent & { readonly key?: string };

/**
 * Reads `topic` from the earliest message through a fresh subscription until `count` events match `predicate`, or
 * fails after `timeoutMs` naming what it saw.
 */
export async function consumeTestEvents(
  resolveTopic: (key: TopicKey) => string,
  topic: TopicKey,
  predicate: (event: ConsumedTestEvent) => boolean,
  options: { count?: number; timeoutMs?: number } = {},
): Promise<ConsumedTestEvent[]> {
  const count = options.count ?? 1;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new PulsarWebSocketClient({ httpUrl: pulsarHttpUrlFromEnv() });
  const matched: ConsumedTestEvent[] = [];
  const seen: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  try {
    await client.subscribe(
      { topic: resolveTopic(topic), subscription: `test-reader-${randomUUID().slice(0, 8)}`, subscriptionType: 'Exclusive', initialPosition: 'Earliest' },
      async (message) => {
        const decoded = decodeEvent(message.payload);
        if (!decoded.known) return;
        const event = { ...decoded, key: message.key } as ConsumedTestEvent;
        seen.push(event.eventType);
        if (matched.length < count && predicate(event)) {
          matched.push(event);
          if (matched.length === count) done();
        }
      },
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise<void>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`consumeTestEvents(${topic}): ${matched.length}/${count} matching events after ${timeoutMs} ms; saw ${seen.length} events: ${seen.slice(-20).join(', ')}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    return matched;
  } finally {
    await client.close();
  }
}

/** Polls `condition` every 50 ms until it holds (returns its truthy value) or fails after `timeoutMs`. */
export async function waitFor<T>(condition: () => T | Promise<T>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export {
  assertNoFuzzViolations,
  fuzzOpenApi,
  fuzzSettingsFromEnv,
  formatFuzzReport,
  formatFuzzCoverage,
  operationsOf,
  RawNumber,
  RawJson,
  bareObject,
} from './openapi-fuzz';
export type { FuzzOperation, FuzzReport, FuzzViolation, FuzzCase, FuzzValue, OpenApiFuzzOptions, OpenApiDocument } from './openapi-fuzz';

/**
 * Makes `app` listen on a free local port and returns its base URL. Concurrent requests need it: supertest on an
 * unbound server binds and closes it around every request, so requests in flight together reset each other.
 */
export async function listenLocally(app: { listen(port: number, host: string): Promise<unknown>; getUrl(): Promise<string> }): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

/** Starts `n` calls of `fn` together (call `i` after `i × staggerMs`) and returns their results in call order. */
export async function concurrently<T>(n: number, fn: (i: number) => Promise<T>, staggerMs = 0): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => (staggerMs > 0 && i > 0 ? sleep(i * staggerMs).then(() => fn(i)) : fn(i))));
}

/** How many of each HTTP status, e.g. `{ 200: 1, 409: 11 }` (what a race test asserts on). */
export function statusCounts(replies: readonly { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/**
 * The events of `eventType` the service wrote to its outbox (published or not), decoded, optionally only those of one
 * aggregate: what a test counts to prove "exactly one effect".
 */
export async function outboxEvents(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  eventType: EventType,
  aggregateId?: string,
): Promise<KnownDecodedEvent[]> {
  const rows = (await query('SELECT payload FROM outbox_messages WHERE event_type = ? ORDER BY id', [eventType])) as { payload: Buffer }[];
  return rows
    .map((r) => decodeEvent(r.payload))
    .filter((e): e is KnownDecodedEvent => e.known && (aggregateId === undefined || e.envelope.aggregate_id === aggregateId));
}
