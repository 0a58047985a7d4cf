import { PulsarAdminClient, PulsarAdminError, topicPath } from '@alpes/messaging';
import {
  BrokerInalcanzableError,
  type BrokerAdminPort,
  type EstadisticasSuscripcion,
  type EstadisticasTopic,
} from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import { describirError } from '../../application/queries/obtener-ecosistema/recopilar-ecosistema';

/** The fields of Pulsar's `TopicStats` / `PartitionedTopicStats` (admin REST API) this adapter reads. */
export interface TopicStatsJson {
  readonly msgRateIn?: number;
  readonly msgRateOut?: number;
  readonly msgInCounter?: number;
  readonly msgOutCounter?: number;
  readonly storageSize?: number;
  readonly metadata?: { readonly partitions?: number };
  readonly subscriptions?: Readonly<Record<string, SubscriptionStatsJson>>;
}

export interface SubscriptionStatsJson {
  readonly msgBacklog?: number;
  readonly msgRateOut?: number;
  readonly unackedMessages?: number;
  readonly type?: string;
  readonly consumers?: readonly unknown[];
  readonly isDurable?: boolean;
}

/** The field of `PersistentTopicInternalStats` read here, and the partitioned form's map of them. */
export interface InternalStatsJson {
  readonly numberOfEntries?: number;
}
export interface PartitionedInternalStatsJson {
  readonly partitions?: Readonly<Record<string, InternalStatsJson>>;
}

const redondear = (n: number | undefined) => Math.round((n ?? 0) * 100) / 100;

/** Admin JSON → port model. Partitioned stats already sum the partitions (backlogs, counters, consumers). */
export function deTopicStats(json: TopicStatsJson, particionado: boolean): EstadisticasTopic {
  const suscripciones = Object.entries(json.subscriptions ?? {}).map<EstadisticasSuscripcion>(([nombre, s]) => ({
    nombre,
    tipo: s.type ?? 'None',
    backlog: s.msgBacklog ?? 0,
    msgRateOut: redondear(s.msgRateOut),
    consumidores: s.consumers?.length ?? 0,
    unacked: s.unackedMessages ?? 0,
    durable: s.isDurable ?? true,
  }));
  return {
    particiones: particionado ? (json.metadata?.partitions ?? 0) : 0,
    msgRateIn: redondear(json.msgRateIn),
    msgRateOut: redondear(json.msgRateOut),
    msgInCounter: json.msgInCounter ?? 0,
    msgOutCounter: json.msgOutCounter ?? 0,
    storageSize: json.storageSize ?? 0,
    suscripciones,
  };
}

/**
 * Entries stored in the topic's ledgers. Our producers (libs/messaging and the broker's own dead-letter producer) send
 * with batching off, so an entry is a message. Unlike `msgInCounter` it survives a broker restart or topic unload.
 */
export function mensajesDeInternalStats(json: InternalStatsJson | PartitionedInternalStatsJson): number {
  if ('partitions' in json && json.partitions) {
    return Object.values(json.partitions).reduce((sum, p) => sum + (p.numberOfEntries ?? 0), 0);
  }
  return (json as InternalStatsJson).numberOfEntries ?? 0;
}

/** `BrokerAdminPort` over Pulsar's admin REST API, through libs/messaging's `PulsarAdminClient`. */
export class PulsarAdminBrokerAdapter implements BrokerAdminPort {
  readonly url: string;
  private readonly client: PulsarAdminClient;

  constructor(httpUrl: string, timeoutMs = 3_000) {
    this.url = httpUrl.replace(/\/+$/, '');
    this.client = new PulsarAdminClient(this.url, timeoutMs);
  }

  async estadisticasTopic(topic: string): Promise<EstadisticasTopic | null> {
    // The client types only the fields it reads itself; the admin answer carries the rest of TopicStatsJson.
    const particionado = await this.siExiste<TopicStatsJson>(() => this.client.partitionedStats(topic));
    if (particionado) return deTopicStats(particionado, true);
    const simple = await this.siExiste<TopicStatsJson>(() => this.client.stats(topic));
    return simple ? deTopicStats(simple, false) : null;
  }

  async mensajesAlmacenados(topic: string): Promise<number | null> {
    // PulsarAdminClient has no internal-stats call (no other service needs one).
    const ruta = `/admin/v2/${topicPath(topic)}`;
    // Dead-letter topics are created non-partitioned (by the broker's auto-creation and by the set-up script).
    const simple = await this.siExiste(() => this.client.request<InternalStatsJson>('GET', `${ruta}/internalStats`));
    if (simple) return mensajesDeInternalStats(simple);
    const particionado = await this.siExiste(() => this.client.request<PartitionedInternalStatsJson>('GET', `${ruta}/partitioned-internalStats`));
    return particionado ? mensajesDeInternalStats(particionado) : null;
  }

  /**
   * `null` on 404; no answer at all (refused, reset, timed out) → `BrokerInalcanzableError`; anything else (another
   * HTTP status, an invalid topic name) propagates and is shown on the topic only.
   */
  private async siExiste<T>(llamada: () => Promise<T>): Promise<T | null> {
    try {
      return await llamada();
    } catch (error) {
      if (error instanceof PulsarAdminError && error.status === 404) return null;
      if (sinRespuesta(error)) throw new BrokerInalcanzableError(`Pulsar admin API at ${this.url} did not answer: ${describirError(error)}`);
      throw error;
    }
  }
}

/**
 * How fetch fails when no HTTP answer came back: `TypeError('fetch failed')` (with the socket error as cause) or the
 * timeout signal's abort. Compared by name: undici's errors come from another realm under Jest, where instanceof fails.
 */
function sinRespuesta(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return (name === 'TypeError' && message === 'fetch failed') || name === 'TimeoutError' || name === 'AbortError';
}
