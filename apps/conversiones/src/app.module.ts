import { Module, type DynamicModule } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingModule, OutboxRelay, PulsarAdminClient, resolveTopicOf, type MessagingModuleOptions } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, settingOf, type ServiceRuntimeOptions } from '@alpes/platform';
import { RegistrarClickHandler } from './application/commands/registrar-click/registrar-click.handler';
import { RegistrarClicksLoteHandler } from './application/commands/registrar-clicks-lote/registrar-clicks-lote.handler';
import { RegistrarConversionHandler } from './application/commands/registrar-conversion/registrar-conversion.handler';
import { RegistrarImpresionHandler } from './application/commands/registrar-impresion/registrar-impresion.handler';
import { RegistrarImpresionesLoteHandler } from './application/commands/registrar-impresiones-lote/registrar-impresiones-lote.handler';
import { RevertirConversionHandler } from './application/commands/revertir-conversion/revertir-conversion.handler';
import { CONVERSIONES_CONFIG, leerConfiguracion } from './application/conversiones.config';
import { AdmisionIngesta } from './application/ingesta/admision-ingesta';
import { FUENTE_BACKLOG } from './application/ports/backlog.port';
import { CLICKS_CONOCIDOS } from './application/ports/clicks-conocidos.port';
import { COLA_INGESTA } from './application/ports/cola-ingesta.port';
import { CONVERSIONES_LECTURA } from './application/ports/conversiones-lectura.port';
import { FRAUDE_LECTURA } from './application/ports/fraude-lectura.port';
import { PROYECCIONES_CACHE, PROYECCIONES_LECTURA, PROYECCIONES_STORE } from './application/ports/proyecciones.port';
import { TRACKING_STORE } from './application/ports/tracking-store.port';
import { ProcesarComandosTrackingHandler } from './application/processor/procesar-comandos-tracking.handler';
import { ReevaluarPendientesHandler } from './application/processor/reevaluar-pendientes.handler';
import { ActualizarProyeccionesHandler } from './application/proyecciones/actualizar-proyecciones.handler';
import { ObtenerConversionHandler } from './application/queries/obtener-conversion/obtener-conversion.handler';
import { ObtenerFraudeHandler } from './application/queries/obtener-fraude/obtener-fraude.handler';
import { BacklogPulsarOutbox } from './infrastructure/ingesta/backlog-pulsar-outbox';
import { IngestaAgrupada } from './infrastructure/ingesta/ingesta-agrupada';
import { ClicksConocidosAdapter } from './infrastructure/persistence/clicks-conocidos.adapter';
import { ConversionesLecturaTypeorm } from './infrastructure/persistence/conversiones-lectura.typeorm';
import { CreateConversionesSchema1790000200000 } from './infrastructure/persistence/migrations/1790000200000-create-conversiones-schema.migration';
import { EndurecerConversiones1790000200001 } from './infrastructure/persistence/migrations/1790000200001-endurecer-conversiones.migration';
import { ProyeccionesStoreTypeorm } from './infrastructure/persistence/proyecciones-store.typeorm';
import { TrackingStoreTypeorm } from './infrastructure/persistence/tracking-store.typeorm';
import { ProyeccionesCacheEnMemoria } from './infrastructure/proyecciones/proyecciones-cache';
import { LimpiezaScheduler } from './infrastructure/scheduling/limpieza.scheduler';
import { PendientesScheduler } from './infrastructure/scheduling/pendientes.scheduler';
import { ConversionesHttpController } from './interface/http/conversiones.http.controller';
import { TrackingHttpController } from './interface/http/tracking.http.controller';
import { ProyeccionesConsumer } from './interface/messaging/proyecciones.consumer';
import { TrackingComandosConsumer } from './interface/messaging/tracking-comandos.consumer';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The conversiones service. `runtime` lets tests pick a throw-away database, per-run topics and settings
 * (`CONVERSIONES_*`, see `leerConfiguracion`); production passes nothing (environment variables decide).
 *
 * Consumes `afiliados.eventos` and `marketing.eventos` (projections, per event) and `tracking.comandos` (the
 * processor, in batches); publishes `tracking.comandos`, `conversiones.eventos` and `auditoria.eventos` through the
 * outbox.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    const config = leerConfiguracion((name) => settingOf(runtime, name));
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({ database: 'conversiones', entities: [], migrations: [CreateConversionesSchema1790000200000, EndurecerConversiones1790000200001], runtime }),
        MessagingModule.forRoot({
          app,
          resolveTopic: runtime.resolveTopic,
          pulsarHttpUrl: runtime.pulsarHttpUrl,
          // Bigger relay rounds than the default: every tracking event crosses the outbox twice (command, event), so
          // published rows are also cleaned up (they would otherwise grow by two rows per event).
          relay: {
            batchSize: config.relayLote,
            ...(config.outboxRetencionDias > 0 ? { cleanup: { retentionDays: config.outboxRetencionDias } } : {}),
          },
        }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
      ],
      controllers: [TrackingHttpController, ConversionesHttpController, ProyeccionesConsumer],
      providers: [
        { provide: CONVERSIONES_CONFIG, useValue: config },
        ProyeccionesCacheEnMemoria,
        { provide: PROYECCIONES_CACHE, useExisting: ProyeccionesCacheEnMemoria },
        { provide: PROYECCIONES_LECTURA, useExisting: ProyeccionesCacheEnMemoria },
        { provide: PROYECCIONES_STORE, useClass: ProyeccionesStoreTypeorm },
        {
          provide: FUENTE_BACKLOG,
          inject: [OutboxRelay, PulsarAdminClient, MESSAGING_OPTIONS],
          useFactory: (relay: OutboxRelay, admin: PulsarAdminClient, options: MessagingModuleOptions) =>
            new BacklogPulsarOutbox(relay, admin, resolveTopicOf(options)),
        },
        AdmisionIngesta,
        IngestaAgrupada,
        { provide: COLA_INGESTA, useExisting: IngestaAgrupada },
        { provide: CLICKS_CONOCIDOS, useClass: ClicksConocidosAdapter },
        ConversionesLecturaTypeorm,
        { provide: CONVERSIONES_LECTURA, useExisting: ConversionesLecturaTypeorm },
        { provide: FRAUDE_LECTURA, useExisting: ConversionesLecturaTypeorm },
        { provide: TRACKING_STORE, useClass: TrackingStoreTypeorm },
        RegistrarImpresionHandler,
        RegistrarImpresionesLoteHandler,
        RegistrarClickHandler,
        RegistrarClicksLoteHandler,
        RegistrarConversionHandler,
        RevertirConversionHandler,
        ObtenerConversionHandler,
        ObtenerFraudeHandler,
        ActualizarProyeccionesHandler,
        ProcesarComandosTrackingHandler,
        ReevaluarPendientesHandler,
        PendientesScheduler,
        LimpiezaScheduler,
        TrackingComandosConsumer,
      ],
    };
  }
}
