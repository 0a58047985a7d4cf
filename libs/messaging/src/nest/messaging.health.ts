import { Injectable } from '@nestjs/common';
import { describeError } from '../persistence/mysql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { PulsarAdminClient } from '../pulsar/pulsar-admin.client';
import type { SubscriptionCounters } from '../transport/pulsar.server';
import { PulsarServerFactory } from './pulsar-server.factory';

export interface OutboxHealth {
  /** Committed rows not published yet (all relays of this database); null when the database could not be asked. */
  readonly pending: number | null;
  /** Why `pending` is null. */
  readonly error?: string;
  /** Whether this instance's relay is running (false before bootstrap and after shutdown). */
  readonly relayRunning: boolean;
  readonly published: number;
  readonly failedSends: number;
  readonly consecutiveFailures: number;
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  readonly lastPublishedAt?: string;
}

export interface MessagingHealthReport {
  readonly broker: 'up' | 'down';
  readonly outbox: OutboxHealth;
  /** Counters per `subscription@topic` of the app's PulsarServer(s). */
  readonly consumers: Record<string, SubscriptionCounters>;
}

/**
 * The messaging part of an app's `GET /health`. It never throws; answering 503 when the broker is down (events then
 * wait in the outbox) is the app's decision.
 */
@Injectable()
export class MessagingHealth {
  constructor(
    private readonly admin: PulsarAdminClient,
    private readonly relay: OutboxRelay,
    private readonly servers: PulsarServerFactory,
  ) {}

  async check(): Promise<MessagingHealthReport> {
    const [brokerUp, pending] = await Promise.all([
      this.admin.isHealthy(),
      this.relay.pendingCount().then(
        (count) => ({ count }),
        (error: unknown) => ({ count: null, error: describeError(error) }),
      ),
    ]);
    const stats = this.relay.stats();
    return {
      broker: brokerUp ? 'up' : 'down',
      outbox: {
        pending: pending.count,
        ...('error' in pending ? { error: pending.error } : {}),
        relayRunning: stats.running,
        published: stats.published,
        failedSends: stats.failedSends,
        consecutiveFailures: stats.consecutiveFailures,
        ...(stats.lastError !== undefined ? { lastError: stats.lastError } : {}),
        ...(stats.lastErrorAt ? { lastErrorAt: stats.lastErrorAt.toISOString() } : {}),
        ...(stats.lastPublishedAt ? { lastPublishedAt: stats.lastPublishedAt.toISOString() } : {}),
      },
      consumers: this.servers.stats(),
    };
  }
}
