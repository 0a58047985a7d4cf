import type { DataSource, QueryRunner } from 'typeorm';
import { createLogger, Logger } from '../logging/logger';
import { backoffDelay } from '../pulsar/backoff';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { describeError } from '../persistence/mysql-errors';
import type { Wakeable } from '../persistence/run-in-transaction';
import { dispatchInOrder, DispatchResult, orderingKey, PendingOutboxRow } from './outbox-dispatch';

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
  /**
   * Ceiling of the backoff while rounds fail (broker or database down), and of the per-key backoff of a key whose
   * sends keep failing while others succeed. Default 10 000 ms.
   */
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
  /** Sends that failed for a reason a retry may fix: the rows stay pending. */
  readonly failed: number;
  /** Rows parked by this round: the broker refused them for good (`isPermanentSendError`), or they were unreadable. */
  readonly parked: number;
  /** Rows left pending to keep their key's order (behind a failed row, or behind a row another relay holds). */
  readonly held: number;
  /** Set when the round itself failed (database error); nothing was marked. */
  readonly error?: string;
}

export interface OutboxRelayStats {
  readonly running: boolean;
  readonly rounds: number;
  readonly published: number;
  /** Transient send failures (the rows were retried). */
  readonly failedSends: number;
  /** Rows this relay parked (`failed_at` set): refused for good, never sent again. See `parkedCount()` for the table. */
  readonly parked: number;
  readonly failedRounds: number;
  /** Rounds in a row that failed or made no progress while sends failed; while > 0 the relay backs off. */
  readonly consecutiveFailures: number;
  /**
   * Topic + key pairs whose sends keep failing and that rounds currently skip (backing off on their own), so that
   * their backlog does not fill every batch and starve the other keys.
   */
  readonly keysBackingOff: number;
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

/**
 * A topic + key whose sends keep failing while the broker takes other messages (or while its rows filled a batch).
 * Rounds skip it until `until`: it backs off on its own instead of slowing the whole relay down.
 */
interface FailingKey {
  readonly topic: string;
  readonly key: string;
  failures: number;
  until: number;
}

/** Most topic + key pairs a round's SELECT skips (each adds a condition to the query). */
const MAX_SKIPPED_KEYS = 500;

const EMPTY_ROUND: OutboxRoundResult = { fetched: 0, published: 0, failed: 0, parked: 0, held: 0 };

/**
 * The oldest pending rows (not published, not parked), locked. `skippedKeys` topic + key pairs are left out
 * entirely (all their rows), so per-key order is unaffected.
 */
function selectBatchSql(skippedKeys: number): string {
  const skip =
    skippedKeys === 0 ? '' : `AND NOT (${Array.from({ length: skippedKeys }, () => '(`topic` = ? AND `message_key` = ?)').join(' OR ')})`;
  return `
  SELECT \`id\`, \`event_id\`, \`topic\`, \`message_key\`, \`event_type\`, \`payload\`, \`properties\`, \`event_time\`
  FROM \`outbox_messages\`
  WHERE \`published_at\` IS NULL AND \`failed_at\` IS NULL ${skip}
  ORDER BY \`id\`
  LIMIT ?
  FOR UPDATE SKIP LOCKED`;
}

/**
 * Publishes committed outbox rows to Pulsar and marks them published.
 *
 * Each round locks the oldest unpublished rows (`FOR UPDATE SKIP LOCKED`, so several relays or replicas share the
 * work without sending a row twice), sends them in id order, pipelined, and marks the ones the ordering rule allows
 * (`publishableIds`) in the same transaction. The round's transaction is READ COMMITTED: it takes no gap locks, so
 * writers appending new rows never wait for a round that is waiting for the broker.
 *
 * Rounds run when woken (`wake()`, after a commit), on a polling interval otherwise, back to back while batches come
 * full, and with exponential backoff while they fail without publishing anything (a round that publishes resets the
 * backoff, so one failing key never slows the others down). A transient failure is logged and retried; no row is
 * ever dropped.
 *
 * Poison rows: a send the broker refuses for good (`isPermanentSendError`, e.g. a message over its frame limit) is
 * not retried. The row is "parked": `failed_at` and `last_error` are set, it is logged once at error level, counted
 * (`stats().parked`, `parkedCount()`, `MessagingHealth`) and never selected again. Later rows of its key are NOT held
 * back by it: holding the key would stop it for good (no retry can send the parked row), so the key goes on without
 * the refused event — its consumers never see it, and an operator must look at the parked row (`last_error`).
 *
 * One failing key or topic: a key whose sends keep failing while the broker takes the other messages backs off on
 * its own (rounds skip it for a growing while, see `trackFailingKeys`), and so does a key whose failing backlog fills
 * a whole batch, so that it cannot starve the other topics. Per-key order is unaffected (a skipped key is skipped
 * entirely).
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
  private readonly failingKeys = new Map<string, FailingKey>();
  /** Rounds whose failures may mean the broker is unreachable (a key failed that was not known to fail alone). */
  private readonly suspectRounds = new WeakSet<OutboxRoundResult>();

  private rounds = 0;
  private published = 0;
  private failedSends = 0;
  private parked = 0;
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
    // Flushing only makes sense while the broker answers; otherwise the rows wait for the next start. Each flush
    // round is bounded by the deadline too: a round whose sends wait on a broker that has just gone away would
    // otherwise hold the shutdown for a whole send timeout (its sends fail when the client closes next).
    while (Date.now() < deadline && this.consecutiveFailures === 0) {
      let flushTimer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        this.runOnce(),
        new Promise<undefined>((resolve) => (flushTimer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(flushTimer);
      if (!result || result.error || result.failed > 0 || result.published + result.parked === 0 || result.fetched < this.batchSize) break;
    }
    this.state = 'stopped';
    this.stopping = undefined;
  }

  /** One round now (serialised with the relay's own rounds). Never throws: failures are in the result. */
  runOnce(): Promise<OutboxRoundResult> {
    const run = this.chain.then(() => this.round()).catch((error: unknown) => this.roundCrashed(error));
    // The chain must outlive any failure, or every later round would reject with it.
    this.chain = run.catch(() => undefined);
    return run;
  }

  stats(): OutboxRelayStats {
    return {
      running: this.state === 'running',
      rounds: this.rounds,
      published: this.published,
      failedSends: this.failedSends,
      parked: this.parked,
      failedRounds: this.failedRounds,
      consecutiveFailures: this.consecutiveFailures,
      keysBackingOff: this.skippedKeys().length,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      lastPublishedAt: this.lastPublishedAt,
    };
  }

  /** Committed rows not published yet and not parked (all relays together): what the relays still have to send. */
  async pendingCount(): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      'SELECT COUNT(*) AS `n` FROM `outbox_messages` WHERE `published_at` IS NULL AND `failed_at` IS NULL',
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Parked rows in the table (all relays together): events the broker refused for good, waiting for an operator. */
  async parkedCount(): Promise<number> {
    const rows: { n: string | number }[] = await this.dataSource.query(
      'SELECT COUNT(*) AS `n` FROM `outbox_messages` WHERE `published_at` IS NULL AND `failed_at` IS NOT NULL',
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

  /** Never rejects: it is the timer's callback, and an escaped rejection would end the relay's loop. */
  private async tick(): Promise<void> {
    if (this.state !== 'running') return;
    this.roundActive = true;
    this.wakeRequested = false;
    let result: OutboxRoundResult;
    try {
      result = await this.runOnce();
    } catch (error) {
      result = { ...EMPTY_ROUND, error: describeError(error) }; // runOnce never rejects; kept alive regardless
    } finally {
      this.roundActive = false;
    }
    if (this.state !== 'running') return;
    const progressed = result.published > 0 || result.parked > 0;
    if (result.error !== undefined || (result.failed > 0 && !progressed && this.suspectRounds.has(result))) {
      // The database or the broker is unreachable: back off as a whole (and ignore wake() meanwhile).
      this.consecutiveFailures++;
      this.schedule(backoffDelay(this.consecutiveFailures - 1, { initialDelayMs: this.pollIntervalMs, maxDelayMs: this.maxBackoffMs }));
      return;
    }
    // The broker takes messages (this round published), or only keys already known to fail alone failed (they back
    // off on their own, see `trackFailingKeys`): the other keys must not wait, so wake() works again.
    this.consecutiveFailures = 0;
    const moreWaiting = progressed && result.fetched >= this.batchSize;
    this.schedule(moreWaiting || this.wakeRequested ? 0 : this.pollIntervalMs);
  }

  /** What `runOnce` returns when a round threw outside its own error handling (it must not break the chain). */
  private roundCrashed(error: unknown): OutboxRoundResult {
    const message = describeError(error);
    try {
      this.failedRounds++;
      this.noteError(message);
      this.logger.error({ event: 'outbox.round_failed', error: message }, 'outbox relay round failed unexpectedly; retrying');
    } catch {
      // Nothing more can be done; the next round runs anyway.
    }
    return { ...EMPTY_ROUND, error: message };
  }

  private async round(): Promise<OutboxRoundResult> {
    this.rounds++;
    let queryRunner: QueryRunner | undefined;
    try {
      queryRunner = this.dataSource.createQueryRunner();
      await queryRunner.connect();
      await queryRunner.startTransaction('READ COMMITTED');
      const skipped = this.skippedKeys();
      const records: OutboxRowRecord[] = await queryRunner.query(selectBatchSql(skipped.length), [
        ...skipped.flatMap((k) => [k.topic, k.key]),
        this.batchSize,
      ]);
      if (records.length === 0) {
        await queryRunner.commitTransaction();
        return { ...EMPTY_ROUND };
      }
      const { rows, unreadable } = readRecords(records);
      const heldAfter = await this.rowsHeldElsewhere(queryRunner, rows, new Set(records.map((record) => String(record.id))));
      const result = await dispatchInOrder(this.client, rows, { maxInFlight: this.maxInFlight, heldAfter });
      const parked = [...unreadable, ...result.rejected];

      if (result.publishedIds.length > 0) {
        await queryRunner.query(
          `UPDATE \`outbox_messages\` SET \`published_at\` = NOW(3), \`attempts\` = \`attempts\` + 1
           WHERE \`id\` IN (${result.publishedIds.map(() => '?').join(', ')})`,
          [...result.publishedIds],
        );
      }
      await this.recordFailures(queryRunner, result.failed, false);
      await this.recordFailures(queryRunner, parked, true);
      await queryRunner.commitTransaction();

      this.published += result.publishedIds.length;
      if (result.publishedIds.length > 0) this.lastPublishedAt = new Date();
      const suspect = this.trackFailingKeys(records.length, rows, result, parked.length);
      if (parked.length > 0) this.logParked(parked);
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
            fetched: records.length,
            first_error: firstError,
            failed_event_ids: result.failed.slice(0, 10).map((f) => f.row.eventId),
            relay_backs_off: suspect && result.publishedIds.length + parked.length === 0,
          },
          'outbox sends failed; the rows stay pending and are retried',
        );
      }
      const roundResult: OutboxRoundResult = {
        fetched: records.length,
        published: result.publishedIds.length,
        failed: result.failed.length,
        parked: parked.length,
        held: result.held,
      };
      if (suspect) this.suspectRounds.add(roundResult);
      return roundResult;
    } catch (error) {
      if (queryRunner) await rollbackQuietly(queryRunner);
      this.failedRounds++;
      const message = describeError(error);
      this.noteError(message);
      this.logger.error(
        { event: 'outbox.round_failed', error: message, consecutive_failures: this.consecutiveFailures + 1 },
        'outbox relay round failed; retrying',
      );
      return { ...EMPTY_ROUND, error: message };
    } finally {
      await queryRunner?.release().catch(() => undefined);
    }
  }

  /** The failing keys rounds skip now (see the class comment on starvation). */
  private skippedKeys(): FailingKey[] {
    const now = Date.now();
    const skipped: FailingKey[] = [];
    for (const entry of this.failingKeys.values()) {
      if (entry.until > now) skipped.push(entry);
      if (skipped.length >= MAX_SKIPPED_KEYS) break;
    }
    return skipped;
  }

  /**
   * Per-key backoff. A key that published is healthy again. A key whose send failed is tracked when the failure is
   * its own — the same round published other messages (the broker works), or the key was already tracked — or when
   * the batch came back full (its backlog would otherwise fill the batch of every round and starve the other keys).
   * A tracked key is retried at once after its first failure (a glitch), then skipped by the rounds for a growing
   * while (at least one polling interval, at most `maxBackoffMs`); a full batch skips it from the first failure.
   * Failures of untracked keys in a round that published nothing look like an unreachable broker: they are left to
   * the relay's own backoff (and keep the relay's order of the backlog).
   *
   * Returns whether the round is "suspect": some key failed that was not tracked before.
   */
  private trackFailingKeys(fetched: number, rows: readonly PendingOutboxRow[], result: DispatchResult, parked: number): boolean {
    const now = Date.now();
    const rowsById = new Map(rows.map((row) => [row.id, row]));
    for (const id of result.publishedIds) {
      const row = rowsById.get(id);
      if (row) this.failingKeys.delete(orderingKey(row.topic, row.key));
    }
    for (const [name, entry] of this.failingKeys) if (entry.until < now - this.maxBackoffMs) this.failingKeys.delete(name);
    const progressed = result.publishedIds.length + parked > 0;
    const saturated = fetched >= this.batchSize;
    let suspect = false;
    const seen = new Set<string>();
    for (const { row } of result.failed) {
      const name = orderingKey(row.topic, row.key);
      if (seen.has(name)) continue;
      seen.add(name);
      const tracked = this.failingKeys.get(name);
      if (!tracked) suspect = true;
      if (!tracked && !progressed && !saturated) continue;
      const entry = tracked ?? { topic: row.topic, key: row.key, failures: 0, until: 0 };
      entry.failures++;
      const steps = saturated ? entry.failures : entry.failures - 1;
      entry.until = steps >= 1 ? now + backoffDelay(steps, { initialDelayMs: this.pollIntervalMs, maxDelayMs: this.maxBackoffMs }) : now;
      this.failingKeys.set(name, entry);
    }
    return suspect;
  }

  private logParked(parked: readonly { readonly row: ParkableRow; readonly error: unknown }[]): void {
    this.parked += parked.length;
    for (const { row, error } of parked) {
      const message = describeError(error);
      this.noteError(message);
      // Once per row: a parked row is never selected again.
      this.logger.error(
        {
          event: 'outbox.parked',
          outbox_id: row.id,
          event_id: row.eventId,
          event_type: row.eventType,
          topic: row.topic,
          error: message,
        },
        'outbox row refused for good: parked (failed_at set), never sent again; later events of its key go on without it',
      );
    }
  }

  /**
   * Rows of the batch's keys that are unpublished, older than the newest row of the batch, and not in it: another
   * relay has them locked (or they committed after the batch was read). Rows of that key after them must wait, or
   * two relays could put one key's messages on the broker out of order.
   */
  private async rowsHeldElsewhere(
    queryRunner: QueryRunner,
    rows: readonly PendingOutboxRow[],
    batchIds: ReadonlySet<string>,
  ): Promise<Map<string, bigint>> {
    if (rows.length === 0) return new Map();
    const batchKeys = new Set(rows.map((row) => orderingKey(row.topic, row.key)));
    const maxId = rows.reduce((max, row) => (BigInt(row.id) > max ? BigInt(row.id) : max), 0n);
    // A plain (non-locking) read: rows other relays lock are still visible as unpublished under READ COMMITTED.
    const others: { id: string | number; topic: string; message_key: string }[] = await queryRunner.query(
      'SELECT `id`, `topic`, `message_key` FROM `outbox_messages` WHERE `published_at` IS NULL AND `failed_at` IS NULL AND `id` < ? ORDER BY `id`',
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

  /** Counts the attempt and keeps the error; `park` also sets `failed_at`, so the row is never selected again. */
  private async recordFailures(
    queryRunner: QueryRunner,
    failed: readonly { readonly row: Pick<PendingOutboxRow, 'id'>; readonly error: unknown }[],
    park: boolean,
  ): Promise<void> {
    const idsByError = new Map<string, string[]>();
    for (const { row, error } of failed) {
      const message = describeError(error);
      idsByError.set(message, [...(idsByError.get(message) ?? []), row.id]);
    }
    for (const [message, ids] of idsByError) {
      await queryRunner.query(
        `UPDATE \`outbox_messages\` SET \`attempts\` = \`attempts\` + 1, \`last_error\` = ?${park ? ', `failed_at` = NOW(3)' : ''}
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

/** What the relay logs of a parked row (an unreadable one has no decoded properties). */
type ParkableRow = Pick<PendingOutboxRow, 'id' | 'eventId' | 'eventType' | 'topic'>;

/**
 * Rows to send, and rows that cannot even be read (corrupt `properties`): those are parked like refused sends,
 * instead of failing every round.
 */
function readRecords(records: readonly OutboxRowRecord[]): {
  rows: PendingOutboxRow[];
  unreadable: { row: ParkableRow; error: unknown }[];
} {
  const rows: PendingOutboxRow[] = [];
  const unreadable: { row: ParkableRow; error: unknown }[] = [];
  for (const record of records) {
    try {
      rows.push(toPendingRow(record));
    } catch (error) {
      const row = { id: String(record.id), eventId: record.event_id, eventType: record.event_type, topic: record.topic };
      unreadable.push({ row, error: new Error(`unreadable outbox row: ${describeError(error)}`) });
    }
  }
  return { rows, unreadable };
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
