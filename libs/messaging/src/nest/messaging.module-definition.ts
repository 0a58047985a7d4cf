import { ConfigurableModuleBuilder, type InjectionToken } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { topicName, type AppName, type TopicKey } from '@alpes/contracts';
import type { OutboxRelayOptions } from '../outbox/outbox.relay';
import type { OutboxWriterOptions } from '../outbox/outbox.writer';
import { pulsarHttpUrlFromEnv, type PulsarWebSocketClientOptions } from '../pulsar/pulsar-websocket.client';
import type { PulsarServerOptions } from '../transport/pulsar.server';
import { MESSAGING_DATA_SOURCE } from './messaging.tokens';

/** What `MessagingModule.forRoot(options)` takes, and what the `forRootAsync` factory returns. */
export interface MessagingModuleOptions {
  /** This service: the producer of what it publishes, and the consumer whose catalog subscriptions it uses. */
  readonly app: AppName;
  /** Broker HTTP URL (admin REST + WebSocket API). Default `PULSAR_HTTP_URL` or http://127.0.0.1:8080. */
  readonly pulsarHttpUrl?: string;
  /** Outbox relay tuning (batch size, polling, drain timeout on shutdown, clean-up of published rows). */
  readonly relay?: OutboxRelayOptions;
  /**
   * Outbox writer tuning: `maxPayloadBytes` (default 700 000) refuses, with `OutboxPayloadTooLargeError`, an event
   * too large for the broker, failing the business transaction that publishes it.
   */
  readonly outbox?: OutboxWriterOptions;
  /** Overrides applied to every consumer of the app's `PulsarServer`. */
  readonly consumer?: PulsarServerOptions['consumer'];
  /**
   * Maps a catalog topic to the physical topic. Default `topicName` (`persistent://alpes/<ns>/<topic>`); tests point
   * it at throw-away topics.
   */
  readonly resolveTopic?: (key: TopicKey) => string;
  /**
   * Pulsar client tuning. `producer.sendTimeoutMs` also bounds how long shutdown waits for sends to an unreachable
   * broker (default 30 s): a send in flight is waited for, then its row stays pending in the outbox.
   */
  readonly client?: Pick<PulsarWebSocketClientOptions, 'producer' | 'consumer' | 'backoff' | 'wsUrl'>;
}

/** Known when the module is declared (not produced by the async factory), because it selects a provider to inject. */
export interface MessagingModuleExtras {
  /**
   * Injection token of the TypeORM DataSource that holds `outbox_messages` and `inbox_messages`. Default: the
   * default DataSource of `TypeOrmModule` (`getDataSourceToken()`); for a named one, `getDataSourceToken('name')`.
   */
  readonly dataSource?: InjectionToken;
}

export const {
  ConfigurableModuleClass: MessagingConfigurableModule,
  MODULE_OPTIONS_TOKEN: MESSAGING_OPTIONS,
  OPTIONS_TYPE: MESSAGING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MESSAGING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MessagingModuleOptions>({ moduleName: 'Messaging' })
  .setClassMethodName('forRoot')
  .setExtras<MessagingModuleExtras>({ dataSource: undefined }, (definition, extras) => ({
    ...definition,
    // One messaging wiring per app: every module injects the same publisher, relay and client.
    global: true,
    providers: [
      ...(definition.providers ?? []),
      { provide: MESSAGING_DATA_SOURCE, useExisting: extras.dataSource ?? getDataSourceToken() },
    ],
  }))
  .build();

/** `MessagingModule.forRoot(…)` argument: the options plus `dataSource`. */
export type MessagingModuleRootOptions = typeof MESSAGING_OPTIONS_TYPE;
/** `MessagingModule.forRootAsync(…)` argument: `{ imports?, inject?, useFactory | useClass | useExisting, dataSource? }`. */
export type MessagingModuleAsyncOptions = typeof MESSAGING_ASYNC_OPTIONS_TYPE;

/**
 * `options.resolveTopic`, else `ALPES_TOPIC_PREFIX` + topic when that variable is set (cross-process tests run whole
 * apps against per-run topics, e.g. `persistent://public/default/alpes-test-1a2b-`), else the catalog's
 * `persistent://alpes/<ns>/<topic>`.
 */
export function resolveTopicOf(options: MessagingModuleOptions, env: NodeJS.ProcessEnv = process.env): (key: TopicKey) => string {
  if (options.resolveTopic) return options.resolveTopic;
  const prefix = env['ALPES_TOPIC_PREFIX'];
  if (prefix) return (key) => `${prefix}${key}`;
  return topicName;
}

export function pulsarHttpUrlOf(options: MessagingModuleOptions): string {
  return (options.pulsarHttpUrl || pulsarHttpUrlFromEnv()).replace(/\/+$/, '');
}
