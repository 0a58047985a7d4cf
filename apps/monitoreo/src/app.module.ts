import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@alpes/messaging';
import { DatabaseModule, HealthModule, ServiceEventsModule, type ServiceRuntimeOptions } from '@alpes/platform';
import { DashboardModule } from './interface/dashboard/dashboard.module';
import { EcosistemaModule } from './interface/ecosistema/ecosistema.module';
import { SERVICE_DEFINITION } from './service-definition';

/**
 * The monitoreo service. Downstream of every other context: consumes every `*.eventos` topic and the raw JSON topics
 * of outside systems; publishes only `AlertaDisparada` and its lifecycle events on `sistema.eventos`. `runtime` lets
 * tests pick a throw-away database and per-run topics.
 */
@Module({})
export class AppModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const app = SERVICE_DEFINITION.app;
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({ database: 'monitoreo', entities: [], migrations: [], runtime }),
        MessagingModule.forRoot({ app, resolveTopic: runtime.resolveTopic, pulsarHttpUrl: runtime.pulsarHttpUrl }),
        HealthModule.forService(app),
        ServiceEventsModule.forService(app),
        EcosistemaModule.forRoot(runtime),
        DashboardModule,
      ],
      controllers: [],
      providers: [],
    };
  }
}
