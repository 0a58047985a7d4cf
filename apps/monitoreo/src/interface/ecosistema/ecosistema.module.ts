import { Module, type DynamicModule } from '@nestjs/common';
import { topicName, type TopicKey } from '@alpes/contracts';
import { pulsarHttpUrlFromEnv } from '@alpes/messaging';
import { settingOf, type ServiceRuntimeOptions } from '@alpes/platform';
import {
  BROKER_ADMIN,
  ECOSISTEMA_CONFIG,
  SONDA_SERVICIOS,
  type EcosistemaConfig,
} from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import { ObtenerEcosistemaHandler } from '../../application/queries/obtener-ecosistema/obtener-ecosistema.handler';
import { PulsarAdminBrokerAdapter } from '../../infrastructure/pulsar-admin/pulsar-admin-broker.adapter';
import { HttpSondaServiciosAdapter } from '../../infrastructure/servicios/http-sonda-servicios.adapter';
import { parsearServicios, serviciosPorDefecto } from '../../infrastructure/servicios/servicios.config';
import { EcosistemaHttpController } from './ecosistema.http.controller';

/**
 * The topics this app's consumers use, so `/ecosistema` looks where they do: the runtime's (tests), else
 * `ALPES_TOPIC_PREFIX` + key (cross-process test runs), else the catalog's names — the same rule as libs/messaging.
 */
export function resolverTopicos(runtime: ServiceRuntimeOptions): (key: TopicKey) => string {
  if (runtime.resolveTopic) return runtime.resolveTopic;
  const prefijo = settingOf(runtime, 'ALPES_TOPIC_PREFIX');
  return prefijo ? (key) => `${prefijo}${key}` : topicName;
}

function milisegundos(runtime: ServiceRuntimeOptions, nombre: string, porDefecto: number): number {
  const valor = settingOf(runtime, nombre, String(porDefecto)) ?? String(porDefecto);
  const n = Number(valor);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${nombre}: "${valor}" is not a whole number of milliseconds`);
  return n;
}

/** `/ecosistema`: topics, partitions, rates, backlogs, DLQs and services up, from Pulsar's admin REST API. */
@Module({})
export class EcosistemaModule {
  static forRoot(runtime: ServiceRuntimeOptions = {}): DynamicModule {
    const config: EcosistemaConfig = {
      resolveTopic: resolverTopicos(runtime),
      servicios: parsearServicios(settingOf(runtime, 'MONITOREO_SERVICIOS'), () => serviciosPorDefecto(settingOf(runtime, 'PORT'))),
      cacheMs: milisegundos(runtime, 'MONITOREO_ECOSISTEMA_CACHE_MS', 1_500),
    };
    const pulsarHttpUrl = runtime.pulsarHttpUrl || pulsarHttpUrlFromEnv();
    return {
      module: EcosistemaModule,
      controllers: [EcosistemaHttpController],
      providers: [
        { provide: ECOSISTEMA_CONFIG, useValue: config },
        {
          provide: BROKER_ADMIN,
          useValue: new PulsarAdminBrokerAdapter(pulsarHttpUrl, milisegundos(runtime, 'MONITOREO_ADMIN_TIMEOUT_MS', 3_000)),
        },
        { provide: SONDA_SERVICIOS, useValue: new HttpSondaServiciosAdapter(milisegundos(runtime, 'MONITOREO_SONDA_TIMEOUT_MS', 1_500)) },
        ObtenerEcosistemaHandler,
      ],
    };
  }
}
