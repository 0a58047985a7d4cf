import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { SAMPLE_PAYLOADS, type EventPayloadMap, type EventType, type TopicKey } from '@alpes/contracts';
import { createServiceApp, type ServiceRuntimeOptions } from '@alpes/platform';
import { prepareTestRuntime, publishTestEvents, waitFor, type TestRuntime } from '@alpes/platform/testing';
import { AppModule } from '../../src/app.module';
import { SERVICE_DEFINITION } from '../../src/service-definition';

export interface TrackingQueriesTestApp {
  app: NestExpressApplication;
  runtime: TestRuntime;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  publicar: (...eventos: EventoPrueba[]) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * One tracking-queries app on a fresh database (`alpes_test_tracking_queries_<suffix>`) and per-run topics.
 * `porPrefijo`: the app is told its topics the way a built app is (`ALPES_TOPIC_PREFIX`, no `resolveTopic` option),
 * as the cross-process and end-to-end runs start it; the caller restores `process.env` afterwards.
 */
export async function startTrackingQueriesTestApp(suffix: string, opciones: { porPrefijo?: boolean } = {}): Promise<TrackingQueriesTestApp> {
  const runtime = await prepareTestRuntime('tracking-queries', suffix);
  let appRuntime: ServiceRuntimeOptions = runtime;
  if (opciones.porPrefijo) {
    const muestra: TopicKey = 'conversiones.eventos';
    process.env['ALPES_TOPIC_PREFIX'] = runtime.resolveTopic(muestra).slice(0, -muestra.length);
    appRuntime = { database: runtime.database, pulsarHttpUrl: runtime.pulsarHttpUrl };
  }
  const app = await createServiceApp(AppModule.forRoot(appRuntime), SERVICE_DEFINITION);
  return {
    app,
    runtime,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http: () => request(app.getHttpServer()),
    publicar: async (...eventos) => {
      await publishTestEvents(runtime.resolveTopic, eventos as never);
    },
    close: () => app.close(),
  };
}

export interface EventoPrueba<E extends EventType = EventType> {
  readonly eventType: E;
  readonly payload: EventPayloadMap[E];
  readonly meta: { aggregate_id: string; key: string; event_id?: string; occurred_at?: number; producer?: string };
}

/** A contract event as another service would publish it: sample payload + overrides, keyed like the catalog says. */
export function ev<E extends EventType>(eventType: E, overrides: Partial<EventPayloadMap[E]>, meta: { key: string; event_id?: string; occurred_at?: number }): EventoPrueba<E> {
  return {
    eventType,
    payload: { ...(SAMPLE_PAYLOADS[eventType] as EventPayloadMap[E]), ...overrides },
    meta: { aggregate_id: meta.key, ...meta },
  };
}

/** Unique ids per test run (tests of one file share a database). */
export function ids(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Polls a GET until its JSON body matches `expected` (toMatchObject semantics); fails showing the last body. */
export async function esperarCuerpo(
  t: TrackingQueriesTestApp,
  path: string,
  expected: Record<string, unknown>,
  timeoutMs = 45_000,
): Promise<Record<string, unknown>> {
  let last: unknown;
  try {
    return await waitFor(
      async () => {
        const res = await t.http().get(path);
        last = { status: res.status, body: res.body };
        if (res.status !== 200) return null;
        try {
          expect(res.body).toMatchObject(expected);
          return res.body as Record<string, unknown>;
        } catch {
          return null;
        }
      },
      timeoutMs,
      `GET ${path}`,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast answer: ${JSON.stringify(last)}\nexpected: ${JSON.stringify(expected)}`);
  }
}
