import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, type ServiceRuntimeOptions } from '@alpes/platform';
import { ConfigurarReglaAlertaHandler } from './application/commands/configurar-regla-alerta/configurar-regla-alerta.handler';
import { EvaluarAlertasHandler } from './application/commands/evaluar-alertas/evaluar-alertas.handler';
import { RegistrarEventosHandler } from './application/event-handlers/registrar-eventos/registrar-eventos.handler';
import { MONITOREO_CONFIG, RELOJ, RELOJ_SISTEMA } from './application/monitoreo.config';
import { ListarAlertasHandler } from './application/queries/listar-alertas/listar-alertas.handler';
import { ListarAuditoriaHandler } from './application/queries/listar-auditoria/listar-auditoria.handler';
import { ListarEventosHandler } from './application/queries/listar-eventos/listar-eventos.handler';
import { ObtenerMetricasHandler } from './application/queries/obtener-metricas/obtener-metricas.handler';
import { ALERTA_REPOSITORY, REGLAS_REPOSITORY } from './domain/alerta/alerta.repository.port';
import { AUDITORIA_REPOSITORY } from './domain/auditoria/auditoria.repository.port';
import { EVENTOS_REPOSITORY, LECTURAS_METRICAS } from './domain/metricas/metricas.repository.port';
import { leerConfiguracion } from './infrastructure/config/configuracion';
import { AccionAuditadaOrmEntity } from './infrastructure/persistence/accion-auditada.orm-entity';
import { AlertaOrmEntity } from './infrastructure/persistence/alerta.orm-entity';
import { CreateMonitoreo1790000500000 } from './infrastructure/persistence/migrations/1790000500000-create-monitoreo.migration';
import { RechazoExternoOrmEntity } from './infrastructure/persistence/rechazo-externo.orm-entity';
import { ReglaAlertaOrmEntity } from './infrastructure/persistence/regla-alerta.orm-entity';
import { RegistroEventoOrmEntity } from './infrastructure/persistence/registro-evento.orm-entity';
import { TypeormAlertaRepository } from './infrastructure/persistence/typeorm-alerta.repository';
import { TypeormAuditoriaRepository } from './infrastructure/persistence/typeorm-auditoria.repository';
import { EventLogStoreFactory } from './infrastructure/persistence/typeorm-event-log.store';
import { TypeormEventosRepository, TypeormLecturasMetricas } from './infrastructure/persistence/typeorm-lecturas-metricas';
import { TypeormReglasRepository } from './infrastructure/persistence/typeorm-reglas.repository';
import { EvaluacionAlertasScheduler } from './infrastructure/scheduling/evaluacion-alertas.scheduler';
import { DashboardModule } from './interface/dashboard/dashboard.module';
import { EcosistemaModule } from './interface/ecosistema/ecosistema.module';
import { AlertasHttpController } from './interface/http/alertas.http.controller';
import { AuditoriaHttpController } from './interface/http/auditoria.http.controller';
import { MetricasHttpController } from './interface/http/metricas.http.controller';
import { EventLogConsumer } from './interface/messaging/event-log.consumer';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The monitoreo service. Downstream of every other context: consumes every `*.eventos` topic and the raw JSON topics
 * of outside systems; publishes only `AlertaDisparada` and its lifecycle events on `sistema.eventos`, and the audit
 * record of its one command (configuring an alert rule). `runtime` lets tests pick a throw-away database, per-run
 * topics and settings.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    const config = leerConfiguracion(runtime);
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({
          database: 'monitoreo',
          entities: [RegistroEventoOrmEntity, RechazoExternoOrmEntity, AccionAuditadaOrmEntity, ReglaAlertaOrmEntity, AlertaOrmEntity],
          migrations: [CreateMonitoreo1790000500000],
          runtime,
        }),
        MessagingModule.forRoot({ app, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
        EcosistemaModule.forRoot(runtime),
        DashboardModule,
      ],
      controllers: [MetricasHttpController, AlertasHttpController, AuditoriaHttpController],
      providers: [
        { provide: MONITOREO_CONFIG, useValue: config },
        { provide: RELOJ, useValue: RELOJ_SISTEMA },
        { provide: LECTURAS_METRICAS, useClass: TypeormLecturasMetricas },
        { provide: EVENTOS_REPOSITORY, useClass: TypeormEventosRepository },
        { provide: AUDITORIA_REPOSITORY, useClass: TypeormAuditoriaRepository },
        { provide: ALERTA_REPOSITORY, useClass: TypeormAlertaRepository },
        { provide: REGLAS_REPOSITORY, useClass: TypeormReglasRepository },
        EventLogStoreFactory,
        RegistrarEventosHandler,
        EventLogConsumer,
        ObtenerMetricasHandler,
        ListarEventosHandler,
        ListarAlertasHandler,
        ListarAuditoriaHandler,
        ConfigurarReglaAlertaHandler,
        EvaluarAlertasHandler,
        EvaluacionAlertasScheduler,
      ],
    };
  }
}
