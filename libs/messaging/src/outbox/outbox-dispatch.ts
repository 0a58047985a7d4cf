import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { isPermanentSendError } from '../pulsar/pulsar.errors';

/** A locked, unpublished outbox row, ready to send. */
export interface PendingOutboxRow {
  /** BIGINT id as a decimal string. */
  readonly id: string;
  readonly eventId: string;
  readonly topic: string;
  readonly key: string;
  readonly eventType: string;
  readonly payload: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  readonly eventTime?: number;
}

export type SendOutcome =
  | { readonly status: 'sent'; readonly messageId: string }
  /** A send that failed for a reason a later retry may fix (broker down, timeout…): the row stays pending. */
  | { readonly status: 'failed'; readonly error: unknown }
  /**
   * The broker can never accept this message (`isPermanentSendError`: too large, event time out of range…). The
   * relay parks the row. It does not hold back the later rows of its key: they could otherwise never be sent.
   */
  | { readonly status: 'rejected'; readonly error: unknown }
  /** Not sent: an earlier row of the same topic + key failed, or is still pending outside this batch. */
  | { readonly status: 'held' };

export interface DispatchOptions {
  /** Sends in flight at once (pipelining). Default: the whole batch. */
  readonly maxInFlight?: number;
  /**
   * Per ordering key (see `orderingKey`), the id of the first earlier unpublished row that is NOT in this batch
   * (another relay holds it): rows of that key after it must wait for it.
   */
  readonly heldAfter?: ReadonlyMap<string, bigint>;
}

export interface DispatchResult {
  readonly outcomes: ReadonlyMap<string, SendOutcome>;
  /** The ids to mark published (see `publishableIds`), in id order. */
  readonly publishedIds: readonly string[];
  /** Transient failures: the rows stay pending, and later rows of their key wait for them. */
  readonly failed: readonly { readonly row: PendingOutboxRow; readonly error: unknown }[];
  /** Permanent failures (`isPermanentSendError`): rows that no retry can send; the relay parks them. */
  readonly rejected: readonly { readonly row: PendingOutboxRow; readonly error: unknown }[];
  readonly held: number;
}

/** Messages are ordered per topic + key: that pair is the unit of ordering on the broker. */
export function orderingKey(topic: string, key: string): string {
  return `${topic}\u0000${key}`;
}

/**
 * Sends `rows` in id order, pipelined (up to `maxInFlight` at once), and decides which to mark published.
 * Once a send of a topic + key fails, later rows of that key that were not sent yet are held back; the ones already
 * in flight may still succeed but are not marked (see `publishableIds`), so the next round sends them again after
 * the failed one: per-key order is kept at the price of a duplicate, which the consumers' inbox absorbs.
 * A failure holds back its own topic + key only: every other key (of the same topic or another) keeps going.
 * A send rejected for good (`isPermanentSendError`) holds back nothing: it is reported in `rejected`.
 */
export async function dispatchInOrder(
  client: PulsarClientPort,
  rows: readonly PendingOutboxRow[],
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const ordered = [...rows].sort(byId);
  const maxInFlight = Math.max(1, options.maxInFlight ?? ordered.length);
  const outcomes = new Map<string, SendOutcome>();
  const stoppedKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();

  for (const row of ordered) {
    const key = orderingKey(row.topic, row.key);
    const heldAfter = options.heldAfter?.get(key);
    if (heldAfter !== undefined && BigInt(row.id) > heldAfter) stoppedKeys.add(key);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    if (stoppedKeys.has(key)) {
      outcomes.set(row.id, { status: 'held' });
      continue;
    }
    const sending: Promise<void> = send(client, row).then(
      (messageId) => {
        outcomes.set(row.id, { status: 'sent', messageId });
      },
      (error: unknown) => {
        if (isPermanentSendError(error)) {
          outcomes.set(row.id, { status: 'rejected', error });
          return;
        }
        outcomes.set(row.id, { status: 'failed', error });
        stoppedKeys.add(key);
      },
    );
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);

  const withStatus = (status: 'failed' | 'rejected') =>
    ordered.flatMap((row) => {
      const outcome = outcomes.get(row.id);
      return outcome?.status === status ? [{ row, error: outcome.error }] : [];
    });
  const held = ordered.filter((row) => outcomes.get(row.id)?.status === 'held').length;
  return { outcomes, publishedIds: publishableIds(ordered, outcomes), failed: withStatus('failed'), rejected: withStatus('rejected'), held };
}

/**
 * The ordering rule: a row is marked published exactly when its send succeeded and no earlier row of the same
 * topic + key in the batch failed or was held. A rejected row (never sendable; the relay parks it) blocks nothing.
 * Everything else stays pending for the next round.
 */
export function publishableIds(
  rows: readonly Pick<PendingOutboxRow, 'id' | 'topic' | 'key'>[],
  outcomes: ReadonlyMap<string, SendOutcome>,
): string[] {
  const blocked = new Set<string>();
  const ids: string[] = [];
  for (const row of [...rows].sort(byId)) {
    const key = orderingKey(row.topic, row.key);
    const status = outcomes.get(row.id)?.status;
    if (status === 'rejected') continue;
    if (status === 'sent' && !blocked.has(key)) ids.push(row.id);
    else blocked.add(key);
  }
  return ids;
}

async function send(client: PulsarClientPort, row: PendingOutboxRow): Promise<string> {
  const receipt = await client.producer(row.topic).send({
    key: row.key,
    payload: row.payload,
    properties: row.properties,
    eventTime: row.eventTime,
  });
  return receipt.messageId;
}

function byId(a: Pick<PendingOutboxRow, 'id'>, b: Pick<PendingOutboxRow, 'id'>): number {
  const x = BigInt(a.id);
  const y = BigInt(b.id);
  return x < y ? -1 : x > y ? 1 : 0;
}
