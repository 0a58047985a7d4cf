import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, type TestRuntime } from '@alpes/platform/testing';
import { AppModule } from '../../src/app.module';
import { SERVICE_DEFINITION } from '../../src/service-definition';

export interface MonitoreoTestApp {
  app: NestExpressApplication;
  runtime: TestRuntime;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface MonitoreoTestAppOptions {
  listen?: boolean;
  /** Environment-like settings for this app only (e.g. `{ MONITOREO_ALERTA_INTERVALO_MS: '200' }`). */
  settings?: Readonly<Record<string, string>>;
  /** Runs after the database and topics exist and before the app subscribes (e.g. to leave a backlog on a topic). */
  beforeStart?: (runtime: TestRuntime) => Promise<void>;
}

/**
 * One monitoreo app on a fresh database (`alpes_test_monitoreo_<suffix>`) and per-run topics of the REAL broker.
 * `listen` binds a real port (the dashboard test opens the page in a browser); otherwise supertest drives the server.
 */
export async function startMonitoreoTestApp(suffix: string, options: MonitoreoTestAppOptions = {}): Promise<MonitoreoTestApp> {
  const runtime = await prepareTestRuntime('monitoreo', suffix);
  await options.beforeStart?.(runtime);
  const app = await createServiceApp(AppModule.forRoot({ ...runtime, settings: options.settings }), SERVICE_DEFINITION);
  if (options.listen) await app.listen(0, '127.0.0.1');
  return {
    app,
    runtime,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
