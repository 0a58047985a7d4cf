import { Inject, Injectable } from '@nestjs/common';
import { createLogger } from '../logging/logger';
import { InboxIdempotencyAdapter } from '../inbox/inbox-idempotency.adapter';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { PulsarServer, type PulsarServerOptions, type SubscriptionCounters } from '../transport/pulsar.server';
import { MESSAGING_OPTIONS, resolveTopicOf, type MessagingModuleOptions } from './messaging.module-definition';
import { PULSAR_CLIENT } from './messaging.tokens';

/** Per-server overrides of the module's consumer options. */
export type PulsarServerOverrides = Partial<Pick<PulsarServerOptions, 'consumer'>>;

/**
 * Creates the app's `PulsarServer` strategy, wired to the module's client, inbox (every handler runs in the inbox
 * transaction; `ctx.getEntityManager()` is that transaction) and topic resolution:
 * `app.connectMicroservice({ strategy: app.get(PulsarServerFactory).create() })`, or `MessagingModule.createServer(app)`.
 */
@Injectable()
export class PulsarServerFactory {
  private readonly servers = new Set<PulsarServer>();

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(PULSAR_CLIENT) private readonly client: PulsarClientPort,
    private readonly idempotency: InboxIdempotencyAdapter,
  ) {}

  create(overrides: PulsarServerOverrides = {}): PulsarServer {
    const server = new PulsarServer({
      app: this.options.app,
      // Shared client: the server's close() drains its consumers but leaves the client to the module, which closes
      // it after the relay has flushed.
      client: this.client,
      idempotency: this.idempotency,
      consumer: { ...this.options.consumer, ...overrides.consumer },
      resolveTopic: resolveTopicOf(this.options),
      logger: createLogger('pulsar-server').child({ app: this.options.app }),
    });
    this.servers.add(server);
    return server;
  }

  /** Counters per `subscription@topic` of every server this factory created. */
  stats(): Record<string, SubscriptionCounters> {
    const merged: Record<string, SubscriptionCounters> = {};
    for (const server of this.servers) Object.assign(merged, server.stats());
    return merged;
  }

  /** Drains the consumers of every server created here. Idempotent: a server Nest already closed has none left. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.servers].map((server) => server.close()));
  }
}
