import { Module, type INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createLogger } from '../logging/logger';
import { InboxIdempotencyAdapter } from '../inbox/inbox-idempotency.adapter';
import { OutboxCommitSubscriber } from '../outbox/outbox-commit.subscriber';
import { OutboxRelay } from '../outbox/outbox.relay';
import { OutboxWriter } from '../outbox/outbox.writer';
import { PulsarAdminClient } from '../pulsar/pulsar-admin.client';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { PulsarWebSocketClient } from '../pulsar/pulsar-websocket.client';
import { PulsarClientProxy } from '../transport/pulsar.client-proxy';
import type { PulsarServer } from '../transport/pulsar.server';
import { BatchConsumerFactory } from './batch-consumer.factory';
import { IntegrationEventPublisher } from './integration-event.publisher';
import { MessagingHealth } from './messaging.health';
import { MessagingLifecycleModule } from './messaging.lifecycle';
import {
  MESSAGING_OPTIONS,
  MessagingConfigurableModule,
  pulsarHttpUrlOf,
  resolveTopicOf,
  type MessagingModuleOptions,
} from './messaging.module-definition';
import { MESSAGING_DATA_SOURCE, OUTBOX_COMMIT_SUBSCRIBER, PULSAR_CLIENT } from './messaging.tokens';
import { PulsarServerFactory, type PulsarServerOverrides } from './pulsar-server.factory';

const providers = [
  {
    provide: PULSAR_CLIENT,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions): PulsarClientPort =>
      new PulsarWebSocketClient({
        ...options.client,
        httpUrl: pulsarHttpUrlOf(options),
        logger: createLogger('pulsar-ws').child({ app: options.app }),
      }),
  },
  {
    provide: PulsarAdminClient,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions) => new PulsarAdminClient(pulsarHttpUrlOf(options)),
  },
  {
    provide: OutboxWriter,
    inject: [MESSAGING_OPTIONS],
    useFactory: (options: MessagingModuleOptions) => new OutboxWriter(options.outbox),
  },
  {
    provide: OutboxRelay,
    inject: [MESSAGING_OPTIONS, MESSAGING_DATA_SOURCE, PULSAR_CLIENT],
    useFactory: (options: MessagingModuleOptions, dataSource: DataSource, client: PulsarClientPort) =>
      new OutboxRelay(dataSource, client, {
        logger: createLogger('outbox-relay').child({ app: options.app }),
        ...options.relay,
      }),
  },
  {
    // Wakes the relay right after the COMMIT of any transaction that appended outbox rows, however it was started.
    provide: OUTBOX_COMMIT_SUBSCRIBER,
    inject: [MESSAGING_DATA_SOURCE, OutboxRelay],
    useFactory: (dataSource: DataSource, relay: OutboxRelay) => OutboxCommitSubscriber.register(dataSource, relay),
  },
  {
    provide: InboxIdempotencyAdapter,
    inject: [MESSAGING_DATA_SOURCE],
    useFactory: (dataSource: DataSource) => new InboxIdempotencyAdapter(dataSource),
  },
  {
    // Direct publishing, no outbox: only for what may be lost without harm (e.g. ServicioIniciado).
    provide: PulsarClientProxy,
    inject: [MESSAGING_OPTIONS, PULSAR_CLIENT],
    useFactory: (options: MessagingModuleOptions, client: PulsarClientPort) =>
      new PulsarClientProxy({ client, resolveTopic: resolveTopicOf(options) }),
  },
  IntegrationEventPublisher,
  PulsarServerFactory,
  BatchConsumerFactory,
  MessagingHealth,
];

/**
 * The messaging wiring of one service (DESIGN.md §2, §4), global for the app:
 *
 * ```ts
 * imports: [
 *   TypeOrmModule.forRoot({ …, migrations: [CreateOutboxMessages1790000000000, CreateInboxMessages1790000000001, …], migrationsRun: true }),
 *   MessagingModule.forRoot({ app: 'marketing-comisiones' }),
 * ]
 * // main.ts
 * app.connectMicroservice({ strategy: MessagingModule.createServer(app) });
 * await app.startAllMicroservices();
 * ```
 *
 * Provides `PULSAR_CLIENT`, `OutboxWriter`, `OutboxRelay` (started on bootstrap, woken after each COMMIT that wrote
 * outbox rows), `IntegrationEventPublisher`, `InboxIdempotencyAdapter`, `PulsarServerFactory`, `MessagingHealth`,
 * `PulsarAdminClient` and `PulsarClientProxy`. Shutdown order: see `MessagingLifecycle`.
 */
@Module({
  imports: [MessagingLifecycleModule],
  providers,
  exports: [
    MESSAGING_OPTIONS,
    MESSAGING_DATA_SOURCE,
    OUTBOX_COMMIT_SUBSCRIBER,
    ...providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
  ],
})
export class MessagingModule extends MessagingConfigurableModule {
  /** The app's `PulsarServer` strategy: `app.connectMicroservice({ strategy: MessagingModule.createServer(app) })`. */
  static createServer(app: INestApplicationContext, overrides?: PulsarServerOverrides): PulsarServer {
    return app.get(PulsarServerFactory).create(overrides);
  }
}
