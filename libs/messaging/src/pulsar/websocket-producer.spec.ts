import { createLogger } from '../logging/logger';
import { MessageRejectedError, ProducerClosedError, SendTimeoutError, isPermanentSendError } from './pulsar.errors';
import { DEFAULT_MAX_FRAME_BYTES, WebSocketProducer } from './websocket-producer';
import type { ProducerOptions } from './pulsar-client.port';
import { freePort } from '../../test/support/free-port';

/**
 * Client-side rules of the producer, checked without any broker: the producer points at a port nobody listens on, so
 * every send stays pending until its timeout (what the broker-side integration tests cannot provoke on demand).
 */

describe('WebSocketProducer (no broker reachable)', () => {
  let url: string;
  const producers: WebSocketProducer[] = [];

  beforeAll(async () => {
    url = `ws://127.0.0.1:${await freePort()}/ws/v2/producer/persistent/public/default/unit`;
  });

  afterEach(async () => {
    await Promise.all(producers.splice(0).map((p) => p.close()));
  });

  function producer(options: ProducerOptions): WebSocketProducer {
    const p = new WebSocketProducer('unit-topic', url, options, { initialDelayMs: 50, maxDelayMs: 200 }, createLogger('unit'));
    producers.push(p);
    return p;
  }

  /** Settles to [outcome, ms since `t0`]. */
  function timed<T>(promise: Promise<T>, t0: number): Promise<[unknown, number]> {
    return promise.then(
      (v) => [v, Date.now() - t0],
      (e) => [e, Date.now() - t0],
    );
  }

  it('when a send times out, every later pending send fails with it (in flight or waiting for a slot), not on its own timer', async () => {
    const p = producer({ sendTimeoutMs: 600, maxPendingMessages: 2 });
    const t0 = Date.now();
    const r = timed(p.send({ key: 'K', payload: Buffer.from('R') }), t0);
    await new Promise((res) => setTimeout(res, 300));
    const s = timed(p.send({ key: 'K', payload: Buffer.from('S') }), t0); // in flight (second slot)
    const t = timed(p.send({ key: 'K', payload: Buffer.from('T') }), t0); // waits for a slot
    const [[rErr, rAt], [sErr, sAt], [tErr, tAt]] = await Promise.all([r, s, t]);

    for (const err of [rErr, sErr, tErr]) {
      expect(err).toBeInstanceOf(SendTimeoutError);
      expect(isPermanentSendError(err)).toBe(false);
    }
    expect((rErr as SendTimeoutError).detail).toBeUndefined();
    expect((sErr as SendTimeoutError).detail).toMatch(/earlier send timed out/);
    expect((tErr as SendTimeoutError).detail).toMatch(/earlier send timed out/);
    // S and T fail together with R (~600 ms), not ~300 ms later on their own timers; T never got R's slot.
    expect(sAt - rAt).toBeLessThan(100);
    expect(tAt - rAt).toBeLessThan(100);
    expect(p.pendingCount).toBe(0);
  });

  it('a send accepted after the failure is a new sequence: it is not failed by the earlier timeout', async () => {
    const p = producer({ sendTimeoutMs: 300 });
    await expect(p.send({ key: 'K', payload: Buffer.from('R') })).rejects.toBeInstanceOf(SendTimeoutError);
    const t0 = Date.now();
    const [err, at] = await timed(p.send({ key: 'K', payload: Buffer.from('R again') }), t0);
    expect(err).toBeInstanceOf(SendTimeoutError);
    expect(at).toBeGreaterThanOrEqual(280); // its own full timeout
  });

  it('rejects a message with an unrepresentable eventTime before it takes a slot, so slots never leak', async () => {
    const p = producer({ sendTimeoutMs: 5_000, maxPendingMessages: 2 });
    for (const eventTime of [Number.NaN, Infinity, 1e20, -1, 8.64e15 + 1, 1.5]) {
      const error = await p.send({ key: 'K', payload: Buffer.from('x'), eventTime }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MessageRejectedError);
      expect(isPermanentSendError(error)).toBe(true);
    }
    expect(p.pendingCount).toBe(0);
    // Both slots are still free: two sends go in flight at once (they stay pending: nothing listens).
    void p.send({ key: 'K', payload: Buffer.from('a'), eventTime: 0 }).catch(() => undefined);
    void p.send({ key: 'K', payload: Buffer.from('b'), eventTime: 8.64e15 }).catch(() => undefined);
    await new Promise((res) => setImmediate(res));
    expect(p.pendingCount).toBe(2);
  });

  it('rejects a message whose frame would exceed maxFrameBytes, counting base64 and JSON overhead', async () => {
    const p = producer({ sendTimeoutMs: 5_000, maxFrameBytes: 1_000 });
    // 740 bytes of payload are 988 bytes of base64: over the limit once key and JSON are added.
    const error = await p.send({ key: 'K', payload: Buffer.alloc(740) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect((error as Error).message).toMatch(/too large/);
    await expect(p.send({ key: 'K', payload: Buffer.alloc(10), properties: { big: 'é'.repeat(600) } })).rejects.toBeInstanceOf(
      MessageRejectedError,
    ); // multi-byte properties count in bytes
    void p.send({ key: 'K', payload: Buffer.alloc(600) }).catch(() => undefined); // 800 bytes of base64: fits
    await new Promise((res) => setImmediate(res));
    expect(p.pendingCount).toBe(1);
    expect(DEFAULT_MAX_FRAME_BYTES).toBeLessThan(1_048_576);
  });

  it('a send waiting for a slot fails after the send timeout instead of waiting forever; close fails the rest', async () => {
    const p = producer({ sendTimeoutMs: 400, maxPendingMessages: 1 });
    const first = p.send({ key: 'K', payload: Buffer.from('1') }).catch((e: unknown) => e);
    const second = p.send({ key: 'K', payload: Buffer.from('2') }).catch((e: unknown) => e);
    expect(await second).toBeInstanceOf(SendTimeoutError);
    expect(await first).toBeInstanceOf(SendTimeoutError);
    const third = p.send({ key: 'K', payload: Buffer.from('3') });
    const fourth = p.send({ key: 'K', payload: Buffer.from('4') });
    await p.close();
    await expect(third).rejects.toBeInstanceOf(ProducerClosedError);
    await expect(fourth).rejects.toBeInstanceOf(ProducerClosedError);
  });
});
