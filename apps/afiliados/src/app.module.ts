import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, type ServiceRuntimeOptions } from '@alpes/platform';
import { ActivarAfiliadoHandler } from './application/commands/activar-afiliado/activar-afiliado.handler';
import { ActualizarConfiguracionComisionesHandler } from './application/commands/actualizar-configuracion-comisiones/actualizar-configuracion-comisiones.handler';
import { ReactivarAfiliadoHandler } from './application/commands/reactivar-afiliado/reactivar-afiliado.handler';
import { RegistrarAfiliadoHandler } from './application/commands/registrar-afiliado/registrar-afiliado.handler';
import { SuspenderAfiliadoHandler } from './application/commands/suspender-afiliado/suspender-afiliado.handler';
import { ListarAfiliadosHandler } from './application/queries/listar-afiliados/listar-afiliados.handler';
import { ObtenerAfiliadoHandler } from './application/queries/obtener-afiliado/obtener-afiliado.handler';
import { AFILIADO_REPOSITORY } from './domain/afiliado/afiliado.repository.port';
import { AfiliadoOrmEntity } from './infrastructure/persistence/afiliado.orm-entity';
import { AfiliadoTypeormRepository } from './infrastructure/persistence/afiliado.typeorm-repository';
import { CreateAfiliados1790000100000 } from './infrastructure/persistence/migrations/1790000100000-create-afiliados.migration';
import { AfiliadosHttpController } from './interface/http/afiliados.http.controller';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The afiliados service. `runtime` lets tests pick a throw-away database and per-run topics; production passes
 * nothing (environment variables decide). Upstream context: it publishes on afiliados.eventos and consumes nothing.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({
          database: 'afiliados',
          entities: [AfiliadoOrmEntity],
          migrations: [CreateAfiliados1790000100000],
          runtime,
        }),
        MessagingModule.forRoot({ app, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
      ],
      controllers: [AfiliadosHttpController],
      providers: [
        { provide: AFILIADO_REPOSITORY, useClass: AfiliadoTypeormRepository },
        RegistrarAfiliadoHandler,
        ActivarAfiliadoHandler,
        SuspenderAfiliadoHandler,
        ReactivarAfiliadoHandler,
        ActualizarConfiguracionComisionesHandler,
        ObtenerAfiliadoHandler,
        ListarAfiliadosHandler,
      ],
    };
  }
}
