import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TopicKey } from '@alpes/contracts';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, publishTestEvents, waitFor, type TestRuntime } from '@alpes/platform/testing';
import { AppModule } from '../../src/app.module';
import { SERVICE_DEFINITION } from '../../src/service-definition';

export const DIA = 86_400_000;

/** Ids of the world every integration test starts from (unique per run: the topics are fresh anyway). */
export const MUNDO = {
  campana: 'cam-activa',
  campanaPausada: 'cam-pausada',
  campanaUsd: 'cam-usd',
  campanaCorta: 'cam-corta',
  afiliado: 'afi-1',
  afiliado2: 'afi-2',
  afiliadoSuspendido: 'afi-susp',
  afiliadoSinAsignar: 'afi-libre',
} as const;

export interface Escenario {
  readonly app: NestExpressApplication;
  readonly runtime: TestRuntime;
  readonly dataSource: DataSource;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * One conversiones app on a fresh database and fresh topics of the real broker, with the projections of the MUNDO
 * published as the afiliados and marketing services would, and applied.
 */
export async function iniciarEscenario(suffix: string, settings: Record<string, string> = {}): Promise<Escenario> {
  const runtime = await prepareTestRuntime('conversiones', suffix);
  const app = await createServiceApp(
    AppModule.forRoot({
      database: runtime.database,
      resolveTopic: runtime.resolveTopic,
      settings: {
        CONVERSIONES_GRACIA_CLICK_MS: '2000',
        CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO: '3',
        CONVERSIONES_PENDIENTES_INTERVALO_MS: '200',
        CONVERSIONES_PROYECCIONES_REFRESCO_MS: '500',
        ...settings,
      },
    }),
    SERVICE_DEFINITION,
  );
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const escenario: Escenario = {
    app,
    runtime,
    dataSource,
    query: (sql, params = []) => dataSource.query(sql, params),
    close: () => app.close(),
  };
  await publicarMundo(runtime.resolveTopic);
  await waitFor(
    async () => {
      const [c] = await escenario.query<{ n: string }>("SELECT COUNT(*) AS n FROM campanas_proyeccion WHERE estado = 'ACTIVA'");
      const [a] = await escenario.query<{ n: string }>("SELECT COUNT(*) AS n FROM afiliados_proyeccion WHERE estado <> 'PENDIENTE'");
      const [s] = await escenario.query<{ n: string }>('SELECT COUNT(*) AS n FROM campana_afiliados');
      return Number(c.n) === 3 && Number(a.n) === 4 && Number(s.n) === 6;
    },
    60_000,
    'projections of the test world',
  );
  return escenario;
}

const T = Date.UTC(2026, 0, 1);

/**
 * The world as it has been since T (2026-01-01): its events carry that `occurred_at`, so conversions dated since then
 * are judged against these states (the processor uses the state at the conversion's own time).
 */
async function publicarMundo(resolveTopic: (key: TopicKey) => string): Promise<void> {
  const afiliados = [MUNDO.afiliado, MUNDO.afiliado2, MUNDO.afiliadoSuspendido, MUNDO.afiliadoSinAsignar];
  const campana = (id: string, moneda: string, ventana: number, afiliadosIds: string[]) => ({
    eventType: 'CampanaCreada' as const,
    payload: {
      id,
      nombre: `Campaña ${id}`,
      producto: 'Producto X',
      marca: 'MarcaX',
      presupuesto: '1000000',
      moneda,
      reglas_comision: [{ tipo_evento: 'conversion' as const, tipo_conversion: 'venta' as const, modelo: 'CPS' as const, valor: '10' }],
      fecha_inicio: T,
      fecha_fin: null,
      ventana_atribucion_dias: ventana,
      afiliados_ids: afiliadosIds,
    },
    meta: { aggregate_id: id },
  });
  const eventos = [
    ...afiliados.map((id) => ({
      eventType: 'AfiliadoRegistrado' as const,
      payload: {
        id,
        nombre: `Afiliado ${id}`,
        email: `${id}@example.com`,
        tipo_afiliado: 'basico' as const,
        estado: 'PENDIENTE',
        configuracion_comisiones: { comision_base: '10' },
      },
      meta: { aggregate_id: id },
    })),
    ...afiliados.map((id) => ({ eventType: 'AfiliadoActivado' as const, payload: { afiliado_id: id }, meta: { aggregate_id: id } })),
    { eventType: 'AfiliadoSuspendido', payload: { afiliado_id: MUNDO.afiliadoSuspendido, motivo: 'fraude' }, meta: { aggregate_id: MUNDO.afiliadoSuspendido } },
    campana(MUNDO.campana, 'COP', 30, [MUNDO.afiliado, MUNDO.afiliadoSuspendido]),
    { eventType: 'AfiliadoAsignadoACampana', payload: { campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado2 }, meta: { aggregate_id: MUNDO.campana } },
    { eventType: 'CampanaActivada', payload: { campana_id: MUNDO.campana }, meta: { aggregate_id: MUNDO.campana } },
    campana(MUNDO.campanaPausada, 'COP', 30, [MUNDO.afiliado]),
    { eventType: 'CampanaActivada', payload: { campana_id: MUNDO.campanaPausada }, meta: { aggregate_id: MUNDO.campanaPausada } },
    { eventType: 'CampanaPausada', payload: { campana_id: MUNDO.campanaPausada, motivo: null }, meta: { aggregate_id: MUNDO.campanaPausada } },
    campana(MUNDO.campanaUsd, 'USD', 30, [MUNDO.afiliado]),
    { eventType: 'CampanaActivada', payload: { campana_id: MUNDO.campanaUsd }, meta: { aggregate_id: MUNDO.campanaUsd } },
    campana(MUNDO.campanaCorta, 'COP', 1, [MUNDO.afiliado]),
    { eventType: 'CampanaActivada', payload: { campana_id: MUNDO.campanaCorta }, meta: { aggregate_id: MUNDO.campanaCorta } },
  ] as const;
  await publishTestEvents(
    resolveTopic,
    eventos.map((e, i) => ({ ...e, meta: { ...e.meta, occurred_at: T + i } })),
  );
}
