import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { createLogger, type Logger } from '../logging/logger';
import { describeError } from '../persistence/mysql-errors';
import type { OutboxCommitSubscriber } from '../outbox/outbox-commit.subscriber';
import { OutboxRelay } from '../outbox/outbox.relay';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.module-definition';
import { MESSAGING_DATA_SOURCE, OUTBOX_COMMIT_SUBSCRIBER, PULSAR_CLIENT } from './messaging.tokens';
import { BatchConsumerFactory } from './batch-consumer.factory';
import { PulsarServerFactory } from './pulsar-server.factory';

/**
 * Starts the relay when the app has bootstrapped and, on `app.close()` (or a signal with `enableShutdownHooks()`),
 * stops messaging in this order:
 *
 *   1. HTTP stops and the connected PulsarServer closes: Nest does both in `app.close()`'s dispose step, after
 *      `beforeApplicationShutdown` and before any `onApplicationShutdown`. Closing the server drains its consumers:
 *      running handlers finish, their inbox transactions commit and their messages are acked.
 *   2. `onApplicationShutdown` (here): the servers are closed again (a no-op after step 1; it keeps the order for a
 *      server Nest did not close), then `relay.stop()` publishes what is committed — including outbox rows written by
 *      the handlers drained in step 1 — until nothing is left, a round fails or `relay.drainTimeoutMs` passes.
 *      Anything left stays in `outbox_messages` and is published by the next start: nothing committed is lost.
 *   3. The Pulsar client closes (producers flush what is in flight, then disconnect).
 *   4. TypeORM destroys the DataSource in its own `onApplicationShutdown`.
 *
 * Step 4 must come after 2. Nest runs `onApplicationShutdown` by module distance, nearest to the root first, and
 * global modules (TypeORM's core module, MessagingModule itself) last in an order that depends on import order.
 * That is why this provider lives in its own non-global module, imported by MessagingModule: it always runs before
 * the global TypeOrmCoreModule closes the DataSource.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log: Logger;

  constructor(
    @Inject(MESSAGING_OPTIONS) options: MessagingModuleOptions,
    @Inject(MESSAGING_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(PULSAR_CLIENT) private readonly client: PulsarClientPort,
    @Inject(OUTBOX_COMMIT_SUBSCRIBER) private readonly commitSubscriber: OutboxCommitSubscriber,
    private readonly relay: OutboxRelay,
    private readonly servers: PulsarServerFactory,
    private readonly batches: BatchConsumerFactory,
  ) {
    this.log = createLogger('messaging').child({ app: options.app });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.log.info({ event: 'messaging.started' }, 'outbox relay started');
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    const startedAt = Date.now();
    await Promise.all([this.servers.closeAll(), this.batches.closeAll()]);
    await this.relay.stop();
    const pending = this.dataSource.isInitialized ? await this.relay.pendingCount().catch(() => undefined) : undefined;
    this.detachCommitSubscriber();
    try {
      await this.client.close();
    } catch (error) {
      this.log.warn({ event: 'messaging.client_close_failed', error: describeError(error) }, 'Pulsar client did not close cleanly');
    }
    const fields = { event: 'messaging.stopped', signal, pending_outbox: pending, duration_ms: Date.now() - startedAt };
    if (pending) this.log.warn(fields, 'messaging stopped; pending outbox rows are published by the next start');
    else this.log.info(fields, 'messaging stopped');
  }

  private detachCommitSubscriber(): void {
    const index = this.dataSource.subscribers.indexOf(this.commitSubscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }
}

/** Not global on purpose: see `MessagingLifecycle` for why the shutdown order depends on it. */
@Module({ providers: [MessagingLifecycle] })
export class MessagingLifecycleModule {}
