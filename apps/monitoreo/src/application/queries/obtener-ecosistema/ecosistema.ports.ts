import type { TopicKey } from '@alpes/contracts';

/**
 * What `/ecosistema` needs from the outside world: the broker's statistics (Pulsar admin REST API) and the health of
 * each service. Adapters live in `infrastructure/pulsar-admin` and `infrastructure/servicios`.
 */

export const BROKER_ADMIN = Symbol('BROKER_ADMIN');
export const SONDA_SERVICIOS = Symbol('SONDA_SERVICIOS');
export const ECOSISTEMA_CONFIG = Symbol('ECOSISTEMA_CONFIG');

/** One subscription of a topic, summed over the topic's partitions. */
export interface EstadisticasSuscripcion {
  readonly nombre: string;
  /** As the broker reports it; `None` while no consumer is connected. */
  readonly tipo: string;
  readonly backlog: number;
  readonly msgRateOut: number;
  readonly consumidores: number;
  readonly unacked: number;
  /** False for the cursors of readers (non-durable subscriptions). */
  readonly durable: boolean;
}

/** One topic's statistics, summed over its partitions. */
export interface EstadisticasTopic {
  /** 0 for a non-partitioned topic (Pulsar's convention). */
  readonly particiones: number;
  readonly msgRateIn: number;
  readonly msgRateOut: number;
  readonly msgInCounter: number;
  readonly msgOutCounter: number;
  /** Bytes. */
  readonly storageSize: number;
  readonly suscripciones: readonly EstadisticasSuscripcion[];
}

/** The broker did not answer at all (connection refused, timeout): every other figure is unknown too. */
export class BrokerInalcanzableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerInalcanzableError';
  }
}

export interface BrokerAdminPort {
  /** Admin base URL, shown in the answer. */
  readonly url: string;
  /** `null` when the topic does not exist. Throws `BrokerInalcanzableError` when the broker does not answer. */
  estadisticasTopic(topic: string): Promise<EstadisticasTopic | null>;
  /**
   * Messages stored in a topic (a dead-letter topic has no subscription, so no backlog to read); `null` when the topic
   * does not exist. Throws `BrokerInalcanzableError` when the broker does not answer.
   */
  mensajesAlmacenados(topic: string): Promise<number | null>;
}

export interface ServicioObjetivo {
  readonly servicio: string;
  /** Base URL; the probe asks `<url>/health`. */
  readonly url: string;
}

export interface EstadoServicio extends ServicioObjetivo {
  /** `/health` answered 2xx within the timeout. */
  readonly up: boolean;
  /** The `status` of the health answer (`healthy`, `unhealthy`), or `unreachable` / `timeout` / `http <code>`. */
  readonly status: string;
  readonly latenciaMs: number | null;
  readonly error: string | null;
}

export interface SondaServiciosPort {
  /** Never rejects: a service that cannot be reached is reported down. */
  sondear(objetivo: ServicioObjetivo): Promise<EstadoServicio>;
}

export interface EcosistemaConfig {
  /** Catalog topic → physical topic (per-run topics in tests, `ALPES_TOPIC_PREFIX`, or the catalog's names). */
  readonly resolveTopic: (key: TopicKey) => string;
  readonly servicios: readonly ServicioObjetivo[];
  /** How long one answer is reused, so a page polling every second cannot hammer the broker. */
  readonly cacheMs: number;
  /** Injected for tests of the cache. */
  readonly ahora?: () => number;
}
