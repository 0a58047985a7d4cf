import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceRuntimeOptions } from '@alpes/platform';

/** `/ecosistema`: topics, partitions, rates, backlogs, DLQs and services up, from Pulsar's admin REST API. */
@Module({})
export class EcosistemaModule {
  static forRoot(_runtime: ServiceRuntimeOptions = {}): DynamicModule {
    return { module: EcosistemaModule, controllers: [], providers: [] };
  }
}
