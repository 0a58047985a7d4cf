import { Module, type DynamicModule } from '@nestjs/common';
import type { AppName } from '@alpes/contracts';
import { HEALTH_SERVICE_NAME, HealthController } from './health.controller';

/** `GET /health` of a service: database + broker, 503 when either is down. Needs TypeORM and MessagingModule. */
@Module({})
export class HealthModule {
  static forService(service: AppName): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [{ provide: HEALTH_SERVICE_NAME, useValue: service }],
    };
  }
}
