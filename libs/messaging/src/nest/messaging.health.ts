import { Injectable } from '@nestjs/common';
import { describeError } from '../persistence/mysql-errors';
import { OutboxRelay } from '../outbox/outbox.relay';
import { PulsarAdminClient } from '../pulsar/pulsar-admin.client';
import type { SubscriptionCounters } from '../transport/pulsar.server';
import { BatchConsumerFactory } from './batch-consumer.factory';
import { PulsarServerFactory } from './pulsar-server.factory';

export interface OutboxHealth {
  /**
   * Committed rows not published yet and not parked (all relays of this database); null when the database could not
   * be asked.
   */
  readonly pending: number | null;
  /**
   * Parked rows (all relays of this database): events the broker refused for good (`failed_at` set, reason in
   * `last_error`). Never sent again; anything above 0 needs an operator. Null when the database could not be asked.
   */
  readonly parked: number | null;
  /** Why `pending` / `parked` is null. */
  readonly error?: string;
  /** Whether this instance's relay is running (false before bootstrap and after shutdown). */
  readonly relayRunning: boolean;
  readonly published: number;
  readonly failedSends: number;
  /** Rows this instance's relay parked since it started. */
  readonly parkedByRelay: number;
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
  /** The broker probe in flight, if any: health polls never pile probes up on a slow broker. */
  private brokerProbe?: Promise<boolean>;
  /** What the last probe that finished said, and when. */
  private lastBroker?: { readonly up: boolean; readonly at: number };

  constructor(
    private readonly admin: PulsarAdminClient,
    private readonly relay: OutboxRelay,
    private readonly servers: PulsarServerFactory,
    private readonly batches: BatchConsumerFactory,
  ) {}

  /**
   * Whether the broker is up, within `boundMs`. A refused or failed probe is down at once. A probe that is merely slow
   * (Pulsar's health check is a produce/consume round trip inside the broker, which a loaded broker can take seconds
   * over) keeps running in the background, and meanwhile the answer of the last finished probe stands if it is at most
   * BROKER_STATUS_MAX_AGE_MS old; older than that, or never probed, a slow broker counts as down.
   */
  private async brokerUp(boundMs: number): Promise<boolean> {
    this.brokerProbe ??= this.admin
      .isHealthy()
      .then((up) => {
        this.lastBroker = { up, at: Date.now() };
        return up;
      })
      .finally(() => {
        this.brokerProbe = undefined;
      });
    try {
      return await within(this.brokerProbe, boundMs, 'broker health');
    } catch {
      const last = this.lastBroker;
      return last !== undefined && last.up && Date.now() - last.at <= BROKER_STATUS_MAX_AGE_MS;
    }
  }

  /**
   * `timeoutMs` bounds the outbox counts (reported null when late: they only wait for a pool connection) and
   * `brokerTimeoutMs` the wait for the broker probe (see `brokerUp` for what a slow probe means), so a health probe
   * answers in time even when the pool is exhausted or the broker hangs.
   */
  async check(timeoutMs = 2_000, brokerTimeoutMs = timeoutMs): Promise<MessagingHealthReport> {
    const [brokerUp, counts] = await Promise.all([
      this.brokerUp(brokerTimeoutMs),
      within(Promise.all([this.relay.pendingCount(), this.relay.parkedCount()]), timeoutMs, 'outbox counts').then(
        ([pending, parked]) => ({ pending, parked }),
        (error: unknown) => ({ pending: null, parked: null, error: describeError(error) }),
      ),
    ]);
    const stats = this.relay.stats();
    return {
      broker: brokerUp ? 'up' : 'down',
      outbox: {
        pending: counts.pending,
        parked: counts.parked,
        ...('error' in counts ? { error: counts.error } : {}),
        relayRunning: stats.running,
        published: stats.published,
        failedSends: stats.failedSends,
        parkedByRelay: stats.parked,
        consecutiveFailures: stats.consecutiveFailures,
        ...(stats.lastError !== undefined ? { lastError: stats.lastError } : {}),
        ...(stats.lastErrorAt ? { lastErrorAt: stats.lastErrorAt.toISOString() } : {}),
        ...(stats.lastPublishedAt ? { lastPublishedAt: stats.lastPublishedAt.toISOString() } : {}),
      },
      consumers: { ...this.servers.stats(), ...this.batches.stats() },
    };
  }
}

/** How long the last finished broker probe stands in for one that is slow to answer (see `brokerUp`). */
export const BROKER_STATUS_MAX_AGE_MS = 15_000;

/** `promise`, or a rejection once `timeoutMs` passed (the work itself goes on and settles unobserved). */
function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  // The losing side must not become an unhandled rejection.
  promise.catch(() => undefined);
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
