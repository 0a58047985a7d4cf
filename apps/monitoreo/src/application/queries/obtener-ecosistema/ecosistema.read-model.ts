import type { TopicKey } from '@alpes/contracts';
import type { EstadoServicio } from './ecosistema.ports';

export interface SuscripcionEcosistema {
  readonly nombre: string;
  /** The broker's type while consumers are connected; otherwise the catalog's (or `None` for others). */
  readonly tipo: string;
  readonly backlog: number;
  readonly msgRateOut: number;
  readonly consumidores: number;
  readonly unacked: number;
  readonly durable: boolean;
  /** Declared in the topic catalog of libs/contracts. */
  readonly enCatalogo: boolean;
  /** False for a catalog subscription the broker does not have (yet). */
  readonly existe: boolean;
}

export interface TopicEcosistema {
  readonly key: TopicKey;
  readonly topic: string;
  readonly existe: boolean;
  readonly particiones: number;
  readonly particionesCatalogo: number;
  readonly msgRateIn: number;
  readonly msgRateOut: number;
  readonly msgInCounter: number;
  readonly msgOutCounter: number;
  readonly storageSize: number;
  /** Sum of the durable subscriptions' backlogs. */
  readonly backlog: number;
  readonly suscripciones: readonly SuscripcionEcosistema[];
  /** The broker answered this topic with an error (other than "not found"). */
  readonly error: string | null;
}

export interface DlqEcosistema {
  /** `{topic}-{subscription}-DLQ` of the resolved topic. */
  readonly topic: string;
  readonly sourceKey: TopicKey;
  readonly suscripcion: string;
  /** Messages stored; 0 while nothing was ever dead-lettered (the topic does not exist). */
  readonly mensajes: number;
  readonly existe: boolean;
  /** The broker answered this topic with an error (other than "not found"): its size is unknown. */
  readonly error: string | null;
}

export interface Ecosistema {
  readonly generadoEn: Date;
  readonly broker: { readonly url: string; readonly ok: boolean; readonly error: string | null };
  readonly topics: readonly TopicEcosistema[];
  readonly dlq: readonly DlqEcosistema[];
  readonly servicios: readonly EstadoServicio[];
  readonly resumen: {
    /** Catalog topics that exist on the broker. */
    readonly topics: number;
    readonly topicsCatalogo: number;
    readonly backlogTotal: number;
    readonly dlqTotal: number;
    readonly serviciosUp: number;
    readonly serviciosTotal: number;
  };
}
