/**
 * The topic catalog of DESIGN.md §2 as code: the single source for the set-up script, producers and consumers.
 * Changing a partition count or a subscription here changes what `scripts/setup_pulsar_topics.sh` creates.
 */
export const TENANT = 'alpes';

export type NamespaceKey = 'eventos' | 'comandos' | 'externos';

export interface NamespaceSpec {
  /** `tenant/namespace` */
  readonly name: string;
  /** -1 means infinite (Pulsar's convention). */
  readonly retentionTimeMinutes: number;
  readonly retentionSizeMB: number;
  readonly description: string;
}

export const NAMESPACES: Readonly<Record<NamespaceKey, NamespaceSpec>> = {
  eventos: {
    name: `${TENANT}/eventos`,
    retentionTimeMinutes: -1,
    retentionSizeMB: -1,
    description: 'Integration events; retained forever so read models can be rebuilt from the earliest message.',
  },
  comandos: {
    name: `${TENANT}/comandos`,
    retentionTimeMinutes: 7 * 24 * 60,
    retentionSizeMB: 10 * 1024,
    description: 'Asynchronous commands (tracking ingestion); kept a week for replay after an incident.',
  },
  externos: {
    name: `${TENANT}/externos`,
    retentionTimeMinutes: 7 * 24 * 60,
    retentionSizeMB: 10 * 1024,
    description: 'Raw JSON from outside systems (seed 000 format).',
  },
};

export type SubscriptionType = 'Exclusive' | 'Shared' | 'Failover' | 'Key_Shared';

export interface SubscriptionSpec {
  /** `<consuming-app>.<purpose>` */
  readonly name: string;
  readonly app: AppName;
  readonly type: SubscriptionType;
  /** Redeliveries before the message is moved to the dead-letter topic. */
  readonly maxRedeliverCount: number;
}

export type AppName = 'afiliados' | 'conversiones' | 'marketing-comisiones' | 'tracking-queries' | 'monitoreo';

export const APPS: readonly AppName[] = ['afiliados', 'conversiones', 'marketing-comisiones', 'tracking-queries', 'monitoreo'];

export type TopicKey =
  | 'afiliados.eventos'
  | 'marketing.eventos'
  | 'conversiones.eventos'
  | 'comisiones.eventos'
  | 'auditoria.eventos'
  | 'sistema.eventos'
  | 'tracking.comandos'
  | 'clicks'
  | 'conversions'
  | 'sales';

export interface TopicSpec {
  readonly key: TopicKey;
  readonly namespace: NamespaceKey;
  readonly partitions: number;
  /** What the message key is (documentation and producers' contract). */
  readonly messageKey: string;
  /** `avro-envelope`: the Envelope schema of libs/contracts; `json`: raw JSON from outside systems. */
  readonly format: 'avro-envelope' | 'json';
  readonly producers: readonly (AppName | 'externos')[];
  readonly subscriptions: readonly SubscriptionSpec[];
}

export const DEFAULT_MAX_REDELIVER_COUNT = 5;

function sub(app: AppName, purpose: string, type: SubscriptionType = 'Key_Shared'): SubscriptionSpec {
  return { name: `${app}.${purpose}`, app, type, maxRedeliverCount: DEFAULT_MAX_REDELIVER_COUNT };
}

const ALL_WRITE_SERVICES: readonly AppName[] = ['afiliados', 'conversiones', 'marketing-comisiones'];

export const TOPICS: Readonly<Record<TopicKey, TopicSpec>> = {
  'afiliados.eventos': {
    key: 'afiliados.eventos',
    namespace: 'eventos',
    partitions: 4,
    messageKey: 'afiliado_id',
    format: 'avro-envelope',
    producers: ['afiliados'],
    subscriptions: [
      sub('conversiones', 'afiliados'),
      sub('marketing-comisiones', 'afiliados'),
      sub('tracking-queries', 'proyecciones'),
      sub('monitoreo', 'event-log'),
    ],
  },
  'marketing.eventos': {
    key: 'marketing.eventos',
    namespace: 'eventos',
    partitions: 4,
    messageKey: 'campana_id',
    format: 'avro-envelope',
    producers: ['marketing-comisiones'],
    subscriptions: [sub('conversiones', 'campanas'), sub('tracking-queries', 'proyecciones'), sub('monitoreo', 'event-log')],
  },
  'conversiones.eventos': {
    key: 'conversiones.eventos',
    namespace: 'eventos',
    partitions: 6,
    messageKey: 'aggregate id',
    format: 'avro-envelope',
    producers: ['conversiones'],
    subscriptions: [
      sub('marketing-comisiones', 'comisiones'),
      sub('tracking-queries', 'proyecciones'),
      sub('monitoreo', 'event-log'),
    ],
  },
  'comisiones.eventos': {
    key: 'comisiones.eventos',
    namespace: 'eventos',
    partitions: 8,
    messageKey: 'afiliado_id',
    format: 'avro-envelope',
    producers: ['marketing-comisiones'],
    subscriptions: [sub('tracking-queries', 'proyecciones'), sub('monitoreo', 'event-log')],
  },
  'auditoria.eventos': {
    key: 'auditoria.eventos',
    namespace: 'eventos',
    partitions: 4,
    messageKey: 'aggregate id',
    format: 'avro-envelope',
    producers: [...ALL_WRITE_SERVICES, 'tracking-queries', 'monitoreo'], // rebuild requests; alert-rule changes
    subscriptions: [sub('monitoreo', 'auditoria')],
  },
  'sistema.eventos': {
    key: 'sistema.eventos',
    namespace: 'eventos',
    partitions: 2,
    messageKey: 'service name',
    format: 'avro-envelope',
    producers: APPS,
    subscriptions: [sub('monitoreo', 'sistema')],
  },
  'tracking.comandos': {
    key: 'tracking.comandos',
    namespace: 'comandos',
    partitions: 6,
    messageKey: 'campana_id',
    format: 'avro-envelope',
    producers: ['conversiones'],
    subscriptions: [sub('conversiones', 'procesador')],
  },
  clicks: {
    key: 'clicks',
    namespace: 'externos',
    partitions: 1,
    messageKey: '—',
    format: 'json',
    producers: ['externos'],
    subscriptions: [sub('monitoreo', 'externos', 'Failover')],
  },
  conversions: {
    key: 'conversions',
    namespace: 'externos',
    partitions: 1,
    messageKey: '—',
    format: 'json',
    producers: ['externos'],
    subscriptions: [sub('monitoreo', 'externos', 'Failover')],
  },
  sales: {
    key: 'sales',
    namespace: 'externos',
    partitions: 1,
    messageKey: '—',
    format: 'json',
    producers: ['externos'],
    subscriptions: [sub('monitoreo', 'externos', 'Failover')],
  },
};

/** `persistent://alpes/<namespace>/<topic>` */
export function topicName(key: TopicKey): string {
  const spec = TOPICS[key];
  return `persistent://${NAMESPACES[spec.namespace].name}/${spec.key}`;
}

/** Pulsar's default dead-letter topic name for a subscription: `{topic}-{subscription}-DLQ`. */
export function deadLetterTopicName(key: TopicKey, subscription: string): string {
  return `${topicName(key)}-${subscription}-DLQ`;
}

export function subscriptionsOf(app: AppName): { topic: TopicKey; subscription: SubscriptionSpec }[] {
  return (Object.values(TOPICS) as TopicSpec[]).flatMap((t) =>
    t.subscriptions.filter((s) => s.app === app).map((s) => ({ topic: t.key, subscription: s })),
  );
}
