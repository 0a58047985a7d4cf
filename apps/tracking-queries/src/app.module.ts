import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, type ServiceRuntimeOptions } from '@alpes/platform';
import { SolicitarReconstruccionHandler } from './application/commands/solicitar-reconstruccion/solicitar-reconstruccion.handler';
import { ProyectarEventosHandler } from './application/event-handlers/proyectar-eventos/proyectar-eventos.handler';
import { ListarConversionesHandler } from './application/queries/listar-conversiones/listar-conversiones.handler';
import { ListarImpresionesHandler } from './application/queries/listar-impresiones/listar-impresiones.handler';
import { ObtenerConversionHandler } from './application/queries/obtener-conversion/obtener-conversion.handler';
import { ObtenerEstadisticasHandler } from './application/queries/obtener-estadisticas/obtener-estadisticas.handler';
import { ObtenerImpresionHandler } from './application/queries/obtener-impresion/obtener-impresion.handler';
import { ObtenerReconstruccionHandler } from './application/queries/obtener-reconstruccion/obtener-reconstruccion.handler';
import { ReconstruccionMantenimiento } from './application/reconstruccion/reconstruccion-mantenimiento.service';
import { CONJUNTOS_PROYECCION, FUENTE_REPRODUCCION } from './application/reconstruccion/reconstruccion.ports';
import {
  OPCIONES_RECONSTRUCCION,
  OPCIONES_RECONSTRUCCION_DEFECTO,
  ReconstruccionRunner,
} from './application/reconstruccion/reconstruccion.runner';
import { LECTURAS_REPOSITORY } from './domain/estadisticas/lecturas.repository.port';
import { RECONSTRUCCION_REPOSITORY } from './domain/reconstruccion/reconstruccion.repository.port';
import { PulsarFuenteReproduccion } from './infrastructure/messaging/pulsar-fuente-reproduccion';
import { CreateProyecciones1790000001000 } from './infrastructure/persistence/migrations/1790000001000-create-proyecciones.migration';
import { ProyeccionStoreFactory } from './infrastructure/persistence/proyeccion-store.factory';
import { ReconstruccionOrmEntity } from './infrastructure/persistence/reconstruccion.orm-entity';
import { TypeormConjuntosProyeccion } from './infrastructure/persistence/typeorm-conjuntos-proyeccion';
import { TypeormLecturasRepository } from './infrastructure/persistence/typeorm-lecturas.repository';
import { TypeormReconstruccionRepository } from './infrastructure/persistence/typeorm-reconstruccion.repository';
import { ReconstruccionHttpController } from './interface/http/reconstruccion.http.controller';
import { TrackingQueriesHttpController } from './interface/http/tracking-queries.http.controller';
import { ProyeccionesConsumer } from './interface/messaging/proyecciones.consumer';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The tracking-queries service (read side of issue 4). Downstream of conversiones, marketing-comisiones and afiliados:
 * consumes their events, publishes only its audit record (a rebuild request) and its lifecycle events. `runtime`
 * lets tests pick a throw-away database and per-run topics.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({
          database: 'tracking_queries',
          entities: [ReconstruccionOrmEntity],
          migrations: [CreateProyecciones1790000001000],
          runtime,
        }),
        MessagingModule.forRoot({ app, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
      ],
      controllers: [TrackingQueriesHttpController, ReconstruccionHttpController],
      providers: [
        { provide: LECTURAS_REPOSITORY, useClass: TypeormLecturasRepository },
        TypeormReconstruccionRepository,
        { provide: RECONSTRUCCION_REPOSITORY, useExisting: TypeormReconstruccionRepository },
        { provide: CONJUNTOS_PROYECCION, useClass: TypeormConjuntosProyeccion },
        { provide: FUENTE_REPRODUCCION, useClass: PulsarFuenteReproduccion },
        { provide: OPCIONES_RECONSTRUCCION, useValue: OPCIONES_RECONSTRUCCION_DEFECTO },
        ProyeccionStoreFactory,
        ProyectarEventosHandler,
        ProyeccionesConsumer,
        ReconstruccionRunner,
        ReconstruccionMantenimiento,
        SolicitarReconstruccionHandler,
        ObtenerReconstruccionHandler,
        ObtenerImpresionHandler,
        ObtenerConversionHandler,
        ListarImpresionesHandler,
        ListarConversionesHandler,
        ObtenerEstadisticasHandler,
      ],
    };
  }
}
