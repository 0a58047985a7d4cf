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

/**
 * One monitoreo app on a fresh database (`alpes_test_monitoreo_<suffix>`) and per-run topics of the REAL broker.
 * `listen` binds a real port (the dashboard test opens the page in a browser); otherwise supertest drives the server.
 */
export async function startMonitoreoTestApp(suffix: string, options: { listen?: boolean } = {}): Promise<MonitoreoTestApp> {
  const runtime = await prepareTestRuntime('monitoreo', suffix);
  const app = await createServiceApp(AppModule.forRoot(runtime), SERVICE_DEFINITION);
  if (options.listen) await app.listen(0, '127.0.0.1');
  return {
    app,
    runtime,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}
