import type { OutboxRelay } from '../outbox/outbox.relay';
import type { PulsarAdminClient } from '../pulsar/pulsar-admin.client';
import type { BatchConsumerFactory } from './batch-consumer.factory';
import { BROKER_STATUS_MAX_AGE_MS, MessagingHealth } from './messaging.health';
import type { PulsarServerFactory } from './pulsar-server.factory';

/** A broker whose health answer the test decides: 'up', 'down' (refused), or 'slow' (answers up after `slowMs`). */
function setup() {
  let mode: 'up' | 'down' | 'slow' = 'up';
  let probes = 0;
  const admin = {
    isHealthy: () => {
      probes++;
      if (mode === 'slow') return new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 300));
      return Promise.resolve(mode === 'up');
    },
  } as unknown as PulsarAdminClient;
  const relay = {
    pendingCount: () => Promise.resolve(0),
    parkedCount: () => Promise.resolve(0),
    stats: () => ({ running: true, published: 0, failedSends: 0, parked: 0, consecutiveFailures: 0 }),
  } as unknown as OutboxRelay;
  const none = { stats: () => ({}) };
  const health = new MessagingHealth(admin, relay, none as unknown as PulsarServerFactory, none as unknown as BatchConsumerFactory);
  return {
    health,
    set: (m: typeof mode) => (mode = m),
    probes: () => probes,
  };
}

describe('MessagingHealth broker status', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a refused probe is down at once; an answering one is up', async () => {
    const t = setup();
    expect((await t.health.check(1_000, 1_000)).broker).toBe('up');
    t.set('down');
    expect((await t.health.check(1_000, 1_000)).broker).toBe('down');
  });

  it('a slow probe never seen up counts as down; after a recent up it keeps the last answer; a stale one is down', async () => {
    const t = setup();
    t.set('slow');
    expect((await t.health.check(1_000, 50)).broker).toBe('down');
    await new Promise((r) => setTimeout(r, 350)); // the background probe finishes: up
    expect((await t.health.check(1_000, 50)).broker).toBe('up');
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + BROKER_STATUS_MAX_AGE_MS + 1_000);
    expect((await t.health.check(1_000, 50)).broker).toBe('down');
  });

  it('keeps one probe in flight however often it is asked', async () => {
    const t = setup();
    t.set('slow');
    await Promise.all([t.health.check(1_000, 20), t.health.check(1_000, 20), t.health.check(1_000, 20)]);
    expect(t.probes()).toBe(1);
    await new Promise((r) => setTimeout(r, 350));
  });
});
