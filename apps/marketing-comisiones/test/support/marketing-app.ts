import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TipoAfiliado } from '@alpes/contracts';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, publishTestEvents, waitFor, type TestRuntime } from '@alpes/platform/testing';
import { AppModule } from '../../src/app.module';
import { SERVICE_DEFINITION } from '../../src/service-definition';

export interface MarketingTestApp {
  app: NestExpressApplication;
  runtime: TestRuntime;
  dataSource: DataSource;
}

/**
 * One marketing-comisiones app on a fresh database (`alpes_test_marketing_comisiones_<suffix>`) and per-run topics of
 * the real broker. Pass `compartido` to start a second instance on the same database and topics.
 */
export async function startMarketingTestApp(
  suffix: string,
  settings: Record<string, string> = {},
  compartido?: TestRuntime,
): Promise<MarketingTestApp> {
  const runtime = compartido ?? (await prepareTestRuntime('marketing-comisiones', suffix));
  const app = await createServiceApp(
    AppModule.forRoot({ database: runtime.database, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl, settings }),
    SERVICE_DEFINITION,
  );
  return { app, runtime, dataSource: app.get<DataSource>(getDataSourceToken()) };
}

/** Plays the afiliados service: AfiliadoRegistrado (+ AfiliadoActivado), then waits for the local projection. */
export async function publicarAfiliado(
  t: MarketingTestApp,
  opciones: { id?: string; tipo?: TipoAfiliado; base?: string; premium?: string | null; activar?: boolean } = {},
): Promise<string> {
  const id = opciones.id ?? randomUUID();
  const estadoEsperado = opciones.activar === false ? 'PENDIENTE' : 'ACTIVO';
  await publishTestEvents(t.runtime.resolveTopic, [
    {
      eventType: 'AfiliadoRegistrado',
      payload: {
        id,
        nombre: `Afiliado ${id.slice(0, 8)}`,
        email: `${id.slice(0, 8)}@email.com`,
        tipo_afiliado: opciones.tipo ?? 'basico',
        estado: 'PENDIENTE',
        configuracion_comisiones: { comision_base: opciones.base ?? '10', comision_premium: opciones.premium ?? null },
      },
      meta: { aggregate_id: id, key: id },
    },
    ...(opciones.activar === false
      ? []
      : [{ eventType: 'AfiliadoActivado' as const, payload: { afiliado_id: id }, meta: { aggregate_id: id, key: id } }]),
  ]);
  await esperarEstadoAfiliado(t, id, estadoEsperado);
  return id;
}

export async function esperarEstadoAfiliado(t: MarketingTestApp, id: string, estado: string): Promise<void> {
  await waitFor(
    async () => {
      const rows: { estado: string }[] = await t.dataSource.query('SELECT estado FROM afiliados_proyeccion WHERE id = ?', [id]);
      return rows[0]?.estado === estado;
    },
    30_000,
    `affiliate ${id} ${estado} in the projection`,
  );
}

export function nuevaCampana(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nombre: 'Lanzamiento Trail X',
    producto: 'Zapatillas Trail X',
    marca: 'Alpes',
    presupuesto: 1000000,
    moneda: 'COP',
    reglas_comision: [
      { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 10 },
      { tipo_evento: 'conversion', modelo: 'CPA', valor: 5000 },
      { tipo_evento: 'click', modelo: 'CPC', valor: 350 },
      { tipo_evento: 'impresion', modelo: 'CPM', valor: 2500 },
    ],
    ...overrides,
  };
}
