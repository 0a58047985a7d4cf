import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, type ServiceRuntimeOptions } from '@alpes/platform';
import { AprobarComisionHandler } from './application/commands/aprobar-comision/aprobar-comision.handler';
import { AsignarAfiliadoHandler } from './application/commands/asignar-afiliado/asignar-afiliado.handler';
import { CambiarEstadoCampanaHandler } from './application/commands/cambiar-estado-campana/cambiar-estado-campana.handler';
import { CrearCampanaHandler } from './application/commands/crear-campana/crear-campana.handler';
import { CrearComisionManualHandler } from './application/commands/crear-comision-manual/crear-comision-manual.handler';
import { EjecutarPagoHandler } from './application/commands/ejecutar-pago/ejecutar-pago.handler';
import { ProgramarPagoHandler } from './application/commands/programar-pago/programar-pago.handler';
import { PublicarAcumuladosHandler } from './application/commands/publicar-acumulados/publicar-acumulados.handler';
import { RechazarComisionHandler } from './application/commands/rechazar-comision/rechazar-comision.handler';
import { RetirarAfiliadoHandler } from './application/commands/retirar-afiliado/retirar-afiliado.handler';
import { ProcesarEventosConversionesHandler } from './application/event-handlers/procesar-eventos-conversiones.handler';
import { ProyectarAfiliadoHandler } from './application/event-handlers/proyectar-afiliado.handler';
import { AUDITORIA } from './application/ports/auditoria.port';
import { CONFIGURACION_PAGOS } from './application/ports/configuracion-pagos.port';
import { MetricasConsumo } from './application/ports/metricas-consumo';
import { PROVEEDOR_PAGOS } from './application/ports/proveedor-pagos.port';
import { RELOJ, relojDelSistema } from './application/ports/reloj.port';
import { UNIT_OF_WORK } from './application/ports/unit-of-work.port';
import { ListarCampanasHandler } from './application/queries/listar-campanas/listar-campanas.handler';
import { ListarComisionesHandler } from './application/queries/listar-comisiones/listar-comisiones.handler';
import { ListarPagosHandler } from './application/queries/listar-pagos/listar-pagos.handler';
import { ObtenerCampanaHandler } from './application/queries/obtener-campana/obtener-campana.handler';
import { ObtenerComisionHandler } from './application/queries/obtener-comision/obtener-comision.handler';
import { ObtenerPagoHandler } from './application/queries/obtener-pago/obtener-pago.handler';
import { AFILIADOS_PROYECCION_REPOSITORY } from './domain/afiliado/afiliado-proyeccion.repository.port';
import { CAMPANA_REPOSITORY } from './domain/campana/campana.repository.port';
import { COMISION_REPOSITORY } from './domain/comision/comision.repository.port';
import { PAGO_REPOSITORY } from './domain/pago/pago.repository.port';
import {
  INTERVALO_PUBLICACION_ACUMULADOS,
  PublicadorAcumuladosScheduler,
} from './infrastructure/acumulados/publicador-acumulados.scheduler';
import { ConfiguracionPagosDesdeEntorno, intervaloPublicacionAcumuladosMs, simulacionPagosDesde } from './infrastructure/config/configuracion';
import { AuditoriaOutboxAdapter } from './infrastructure/messaging/auditoria-outbox.adapter';
import { EventosDominioPublisher } from './infrastructure/messaging/eventos-dominio.publisher';
import { ProveedorPagosSimuladoAdapter } from './infrastructure/pagos/proveedor-pagos-simulado.adapter';
import { AfiliadoProyeccionTypeOrmRepository } from './infrastructure/persistence/afiliado-proyeccion.typeorm-repository';
import { CampanaTypeOrmRepository } from './infrastructure/persistence/campana.typeorm-repository';
import { ComisionTypeOrmRepository } from './infrastructure/persistence/comision.typeorm-repository';
import { MARKETING_ENTITIES, MARKETING_MIGRATIONS } from './infrastructure/persistence/entities';
import { PagoTypeOrmRepository } from './infrastructure/persistence/pago.typeorm-repository';
import { TypeOrmUnitOfWork } from './infrastructure/persistence/typeorm-unit-of-work';
import { CampanasHttpController } from './interface/http/campanas.http.controller';
import { ComisionesHttpController } from './interface/http/comisiones.http.controller';
import { PagosHttpController } from './interface/http/pagos.http.controller';
import { AfiliadosConsumer } from './interface/messaging/afiliados.consumer';
import { ConversionesConsumer } from './interface/messaging/conversiones.consumer';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The marketing-comisiones service. `runtime` lets tests pick a throw-away database, per-run topics and settings
 * (PAGOS_SIMULAR_FALLO, PAGO_MINIMO_<MONEDA>, ACUMULADOS_PUBLICACION_MS); production passes nothing. Every provider
 * belongs to this module instance: two apps built from it in one process share nothing.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({ database: 'marketing', entities: MARKETING_ENTITIES, migrations: MARKETING_MIGRATIONS, runtime }),
        MessagingModule.forRoot({ app, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
      ],
      controllers: [CampanasHttpController, ComisionesHttpController, PagosHttpController, AfiliadosConsumer],
      providers: [
        // ports
        { provide: UNIT_OF_WORK, useClass: TypeOrmUnitOfWork },
        { provide: CAMPANA_REPOSITORY, useClass: CampanaTypeOrmRepository },
        { provide: COMISION_REPOSITORY, useClass: ComisionTypeOrmRepository },
        { provide: PAGO_REPOSITORY, useClass: PagoTypeOrmRepository },
        { provide: AFILIADOS_PROYECCION_REPOSITORY, useClass: AfiliadoProyeccionTypeOrmRepository },
        { provide: AUDITORIA, useClass: AuditoriaOutboxAdapter },
        { provide: RELOJ, useValue: relojDelSistema },
        { provide: PROVEEDOR_PAGOS, useFactory: () => new ProveedorPagosSimuladoAdapter(simulacionPagosDesde(runtime)) },
        { provide: CONFIGURACION_PAGOS, useFactory: () => ConfiguracionPagosDesdeEntorno.desde(runtime) },
        { provide: INTERVALO_PUBLICACION_ACUMULADOS, useFactory: () => intervaloPublicacionAcumuladosMs(runtime) },
        { provide: MetricasConsumo, useFactory: () => new MetricasConsumo() },
        EventosDominioPublisher,
        // commands, queries, event handlers
        CrearCampanaHandler,
        AsignarAfiliadoHandler,
        RetirarAfiliadoHandler,
        CambiarEstadoCampanaHandler,
        CrearComisionManualHandler,
        AprobarComisionHandler,
        RechazarComisionHandler,
        ProgramarPagoHandler,
        EjecutarPagoHandler,
        PublicarAcumuladosHandler,
        ObtenerCampanaHandler,
        ListarCampanasHandler,
        ObtenerComisionHandler,
        ListarComisionesHandler,
        ObtenerPagoHandler,
        ListarPagosHandler,
        ProyectarAfiliadoHandler,
        ProcesarEventosConversionesHandler,
        // consumers and schedulers
        ConversionesConsumer,
        PublicadorAcumuladosScheduler,
      ],
    };
  }
}
