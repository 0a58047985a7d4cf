import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, type TestRuntime } from '@alpes/platform/testing';
import { AppModule } from '../../src/app.module';
import { SERVICE_DEFINITION } from '../../src/service-definition';

export interface AfiliadosTestApp {
  app: NestExpressApplication;
  runtime: TestRuntime;
  dataSource: DataSource;
}

/** One afiliados app on a fresh database (`alpes_test_afiliados_<suffix>`) and per-run topics of the real broker. */
export async function startAfiliadosTestApp(suffix: string): Promise<AfiliadosTestApp> {
  const runtime = await prepareTestRuntime('afiliados', suffix);
  const app = await createServiceApp(AppModule.forRoot(runtime), SERVICE_DEFINITION);
  return { app, runtime, dataSource: app.get<DataSource>(getDataSourceToken()) };
}

let counter = 0;

/** A registration body with a unique email (tests share one database per file). */
export function nuevoAfiliado(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return {
    nombre: `Afiliado ${tag}`,
    email: `afiliado.${tag}@email.com`,
    tipo_afiliado: 'basico',
    ...overrides,
  };
}
