import type { DataSource, QueryRunner } from 'typeorm';
import { createLogger, Logger } from '../logging/logger';
import { backoffDelay } from '../pulsar/backoff';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { describeError } from '../persistence/mysql-errors';
import type { Wakeable } from '../persistence/run-in-transaction';
import { dispatchInOrder, orderingKey, PendingOutboxRow } from './outbox-dispatch';

export interface OutboxCleanupOptions {
  /** Published rows older than this are deleted. */
  readonly retentionDays: number;
  /** Default one hour. */
  readonly intervalMs?: number;
}

export interface OutboxRelayOptions {
  /** Rows locked and sent per round. Default 200. */
  readonly batchSize?: number;
  /** Polling fallback when nobody wakes the relay. Default 1000 ms. */
  readonly pollIntervalMs?: number;
  /** Ceiling of the backoff while rounds fail (broker or database down). Default 10 000 ms. */
  readonly maxBackoffMs?: number;
  /** Sends in flight at once within a round. Default: the batch size. */
  readonly maxInFlight?: number;
  /** How long `stop()` keeps publishing what is already committed before it gives up. Default 10 000 ms. */
  readonly drainTimeoutMs?: number;
  readonly cleanup?: OutboxCleanupOptions;
  readonly logger?: Logger;
}

export interface OutboxRoundResult {
  /** Rows locked by this round. */
  readonly fetched: number;
  readonly published: number;
  readonly failed: number;
  /** Rows left pending to keep their key's order (behind a failed row, or behind a row another relay holds). */
  readonly held: number;
  /** Set when the round itself failed (database error); nothing was marked. */
  readonly error?: string;
}

export interface OutboxRelayStats {
  readonly running: boolean;
  readonly rounds: number;
  readonly published: number;
  readonly failedSends: number;
  readonly failedRounds: number;
  readonly consecutiveFailures: number;
  readonly lastError?: string;
  readonly lastErrorAt?: Date;
  readonly lastPublishedAt?: Date;
}

interface OutboxRowRecord {
  id: string | number;
  event_id: string;
  topic: string;
  message_key: string;
  event_type: string;
  payload: Buffer;
  properties: string;
  event_time: string | number | null;
}

type State = 'stopped' | 'running' | 'stopping';

const SELECT_BATCH = `
  SELECT \`id\`, \`event_id\`, \`topic\`, \`message_key\`, \`event_type\`, \`payload\`, \`properties\`, \`event_time\`
  FROM \`outbox_messages\`
  WHERE \`published_at\` IS NULL
  ORDER BY \`id\`
  LIMIT ?
  FOR UPDATE SKIP LOCKED`;

/**
 * Publishes committed outbox rows to Pulsar and marks them published.
 *
 * Each round locks the oldest unpublished rows (`FOR UPDATE SKIP LOCKED`, so several relays or replicas share the
 * work without sending a row twice), sends them in id order, pipelined, and marks the ones the ordering rule allows
 * (`publishableIds`) in the same transaction. The round's transaction is READ COMMITTED: it takes no gap locks, so
 * writers appending new rows never wait for a round that is waiting for the broker.
 *
 * Rounds run when woken (`wake()`, after a commit), on a polling interval otherwise, back to back while batches come
 * full, and with exponential backoff while they fail. A failure is logged and retried; no row is ever dropped.
 */
export class OutboxRelay implements Wakeable {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxInFlight: number;
  private readonly drainTimeoutMs: number;
  private readonly logger: Logger;

  private state: State = 'stopped';
  private timer?: NodeJS.Timeout;
  private timerDueAt = 0;
  private cleanupTimer?: NodeJS.Timeout;
  private loop?: Promise<void>;
  private stopping?: Promise<void>;
  private roundActive = false;
  private wakeRequested = false;
  private chain: Promise<unknown> = Promise.resolve();

  private rounds = 0;
  private published = 0;
  private failedSends = 0;
  private failedRounds = 0;
  private consecutiveFailures = 0;
  private lastError?: string;
  private lastErrorAt?: Date;
  private lastPublishedAt?: Date;

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: PulsarClientPort,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 200);
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 1000);
    this.maxBackoffMs = Math.max(this.pollIntervalMs, options.maxBackoffMs ?? 10_000);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? this.batchSize);
    this.drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
    this.logger = options.logger ?? createLogger('outbox-relay');
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'running';
    this.schedule(0);
    const cleanup = this.options.cleanup;
    if (cleanup) {
      this.cleanupTimer = setInterval(() => void this.cleanupInBackground(cleanup.retentionDays), cleanup.intervalMs ?? 3_600_000);
      this.cleanupTimer.unref();
    }
  }

  /** Runs a round as soon as possible (right after a commit). Ignored while stopped or backing off after failures. */
  wake(): void {
    if (this.state !== 'running' || this.consecutiveFailures > 0) return;
    if (this.roundActive) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Stops the polling, lets the round in flight finish (its sends acknowledged, its marks committed), then keeps
   * publishing what is already committed until nothing is left, a round fails, or `drainTimeoutMs` passes. With the
   * broker unreachable it returns after at most `drainTimeoutMs`; nothing is lost, the rows stay pending.
   */
  stop(): Promise<void> {
    if (this.state === 'running') this.stopping = this.drainAndStop();
    return this.stopping ?? Promise.resolve();
  }

  private async drainAndStop(): Promise<void> {
    this.state = 'stopping';
    this.clearTimer();
    if (this.cleanupTimer) clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
    const deadline = Date.now() + this.drainTimeoutMs;
    // The round in flight may be waiting on a broker that is gone (each send up to the producer's send timeout):
    // wait for it at most until the deadline. Its rows stay pending unless their sends were acknowledged.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.drainTimeoutMs)))]);
    clearTimeout(timer);
    // Flushing only makes sense while the broker answers; otherwise the rows wait for the next start.
    while (Date.now() < deadline && this.consecutiveFailures === 0) {
      const result = await this.runOnce();
      if (result.error || result.failed > 0 || result.published === 0 || result.fetched < this.batchSize) break;
    }
    this.state = 'stopped';
    this.stopping = undefined;
  }

  /** One round now (serialised with the relay's own rounds). Never throws: failures are in the result. */
  runOnce(): Promise<OutboxRoundResult> {
    const run = this.chain.then(() => this.round());
    this.chain = run;
    return run;
  }

  stats(): OutboxRelayStats {
    return {
      running: this.state === 'running',
      rounds: this.rounds,
      published: this.published,
      failedSends: this.failedSends,
      failedRounds: this.failedRounds,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastPublishedAt: this.lastPublishedAt,
    };
  }

  /** Committed rows not published yet (all relays together). */
  async pendingCount(): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      'SELECT COUNT(*) AS `n` FROM `outbox_messages` WHERE `published_at` IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Deletes published rows older than `retentionDays`, in small transactions; returns how many. */
  async cleanupPublished(retentionDays: number, chunkSize = 5000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const queryRunner = this.dataSource.createQueryRunner();
      let affected = 0;
      try {
        await queryRunner.connect();
        // READ COMMITTED: no gap locks, so the delete never blocks writers appending rows.
        await queryRunner.startTransaction('READ COMMITTED');
        const result = await queryRunner.query(
          'DELETE FROM `outbox_messages` WHERE `published_at` IS NOT NULL AND `published_at` < NOW(3) - INTERVAL ? DAY LIMIT ?',
          [retentionDays, chunkSize],
        );
        await queryRunner.commitTransaction();
        affected = Number((result as { affectedRows?: number }).affectedRows ?? 0);
      } catch (error) {
        await rollbackQuietly(queryRunner);
        throw error;
      } finally {
        await queryRunner.release();
      }
      deleted += affected;
      if (affected < chunkSize) return deleted;
    }
  }

  private schedule(delayMs: number): void {
    if (this.state !== 'running') return;
    const dueAt = Date.now() + delayMs;
    if (this.timer && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.loop = this.tick();
    }, delayMs);
    // The relay never keeps a process alive by itself (the HTTP server or the consumers do).
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.state !== 'running') return;
    this.roundActive = true;
    this.wakeRequested = false;
    const result = await this.runOnce();
    this.roundActive = false;
    if (this.state !== 'running') return;
    if (result.error || result.failed > 0) {
      this.consecutiveFailures++;
      this.schedule(backoffDelay(this.consecutiveFailures - 1, { initialDelayMs: this.pollIntervalMs, maxDelayMs: this.maxBackoffMs }));
      return;
    }
    this.consecutiveFailures = 0;
    const moreWaiting = result.published > 0 && result.fetched >= this.batchSize;
    this.schedule(moreWaiting || this.wakeRequested ? 0 : this.pollIntervalMs);
  }

  private async round(): Promise<OutboxRoundResult> {
    this.rounds++;
    const queryRunner = this.dataSource.createQueryRunner();
    try {
      await queryRunner.connect();
      await queryRunner.startTransaction('READ COMMITTED');
      const records: OutboxRowRecord[] = await queryRunner.query(SELECT_BATCH, [this.batchSize]);
      if (records.length === 0) {
        await queryRunner.commitTransaction();
        return { fetched: 0, published: 0, failed: 0, held: 0 };
      }
      const rows = records.map(toPendingRow);
      const heldAfter = await this.rowsHeldElsewhere(queryRunner, rows);
      const result = await dispatchInOrder(this.client, rows, { maxInFlight: this.maxInFlight, heldAfter });

      if (result.publishedIds.length > 0) {
        await queryRunner.query(
          `UPDATE \`outbox_messages\` SET \`published_at\` = NOW(3), \`attempts\` = \`attempts\` + 1
           WHERE \`id\` IN (${result.publishedIds.map(() => '?').join(', ')})`,
          [...result.publishedIds],
        );
      }
      await this.recordFailures(queryRunner, result.failed);
      await queryRunner.commitTransaction();

      this.published += result.publishedIds.length;
      if (result.publishedIds.length > 0) this.lastPublishedAt = new Date();
      if (result.failed.length > 0) {
        this.failedSends += result.failed.length;
        const firstError = describeError(result.failed[0].error);
        this.noteError(firstError);
        this.logger.warn(
          {
            event: 'outbox.send_failed',
            failed: result.failed.length,
            published: result.publishedIds.length,
            held: result.held,
            fetched: rows.length,
            first_error: firstError,
            failed_event_ids: result.failed.slice(0, 10).map((f) => f.row.eventId),
            consecutive_failures: this.consecutiveFailures + 1,
          },
          'outbox sends failed; the rows stay pending and are retried',
        );
      }
      return { fetched: rows.length, published: result.publishedIds.length, failed: result.failed.length, held: result.held };
    } catch (error) {
      await rollbackQuietly(queryRunner);
      this.failedRounds++;
      const message = describeError(error);
      this.noteError(message);
      this.logger.error(
        { event: 'outbox.round_failed', error: message, consecutive_failures: this.consecutiveFailures + 1 },
        'outbox relay round failed; retrying',
      );
      return { fetched: 0, published: 0, failed: 0, held: 0, error: message };
    } finally {
      await queryRunner.release().catch(() => undefined);
    }
  }

  /**
   * Rows of the batch's keys that are unpublished, older than the newest row of the batch, and not in it: another
   * relay has them locked (or they committed after the batch was read). Rows of that key after them must wait, or
   * two relays could put one key's messages on the broker out of order.
   */
  private async rowsHeldElsewhere(queryRunner: QueryRunner, rows: readonly PendingOutboxRow[]): Promise<Map<string, bigint>> {
    const batchIds = new Set(rows.map((row) => row.id));
    const batchKeys = new Set(rows.map((row) => orderingKey(row.topic, row.key)));
    const maxId = rows.reduce((max, row) => (BigInt(row.id) > max ? BigInt(row.id) : max), 0n);
    // A plain (non-locking) read: rows other relays lock are still visible as unpublished under READ COMMITTED.
    const others: { id: string | number; topic: string; message_key: string }[] = await queryRunner.query(
      'SELECT `id`, `topic`, `message_key` FROM `outbox_messages` WHERE `published_at` IS NULL AND `id` < ? ORDER BY `id`',
      [maxId.toString()],
    );
    const heldAfter = new Map<string, bigint>();
    for (const other of others) {
      const id = String(other.id);
      const key = orderingKey(other.topic, other.message_key);
      if (batchIds.has(id) || !batchKeys.has(key) || heldAfter.has(key)) continue;
      heldAfter.set(key, BigInt(id));
    }
    return heldAfter;
  }

  private async recordFailures(
    queryRunner: QueryRunner,
    failed: readonly { readonly row: PendingOutboxRow; readonly error: unknown }[],
  ): Promise<void> {
    const idsByError = new Map<string, string[]>();
    for (const { row, error } of failed) {
      const message = describeError(error);
      idsByError.set(message, [...(idsByError.get(message) ?? []), row.id]);
    }
    for (const [message, ids] of idsByError) {
      await queryRunner.query(
        `UPDATE \`outbox_messages\` SET \`attempts\` = \`attempts\` + 1, \`last_error\` = ?
         WHERE \`id\` IN (${ids.map(() => '?').join(', ')})`,
        [message, ...ids],
      );
    }
  }

  private noteError(message: string): void {
    this.lastError = message;
    this.lastErrorAt = new Date();
  }

  private async cleanupInBackground(retentionDays: number): Promise<void> {
    try {
      const deleted = await this.cleanupPublished(retentionDays);
      if (deleted > 0) this.logger.info({ event: 'outbox.cleanup', deleted, retention_days: retentionDays }, 'old published outbox rows deleted');
    } catch (error) {
      this.logger.warn({ event: 'outbox.cleanup_failed', error: describeError(error) }, 'outbox clean-up failed; retried at the next interval');
    }
  }
}

function toPendingRow(record: OutboxRowRecord): PendingOutboxRow {
  return {
    id: String(record.id),
    eventId: record.event_id,
    topic: record.topic,
    key: record.message_key,
    eventType: record.event_type,
    payload: record.payload,
    properties: parseProperties(record.properties),
    eventTime: record.event_time === null ? undefined : Number(record.event_time),
  };
}

function parseProperties(text: string): Record<string, string> {
  const parsed: unknown = JSON.parse(text);
  const properties: Record<string, string> = {};
  if (parsed && typeof parsed === 'object') {
    for (const [name, value] of Object.entries(parsed)) if (value !== null && value !== undefined) properties[name] = String(value);
  }
  return properties;
}

async function rollbackQuietly(queryRunner: QueryRunner): Promise<void> {
  if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
}
