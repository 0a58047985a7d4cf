import { BrokerDownError, FakePulsarClient, gate } from '../../test/outbox-inbox/support/fake-pulsar-client';
import { MessageRejectedError } from '../pulsar/pulsar.errors';
import { dispatchInOrder, orderingKey, PendingOutboxRow, publishableIds, SendOutcome } from './outbox-dispatch';

const TOPIC_A = 'persistent://alpes/eventos/afiliados.eventos';
const TOPIC_B = 'persistent://alpes/eventos/comisiones.eventos';

function row(id: number, key: string, topic = TOPIC_A): PendingOutboxRow {
  return {
    id: String(id),
    eventId: `evt-${id}`,
    topic,
    key,
    eventType: 'AfiliadoActivado',
    payload: Buffer.from([id]),
    properties: { event_id: `evt-${id}`, event_type: 'AfiliadoActivado' },
    eventTime: 1_700_000_000_000 + id,
  };
}

describe('publishableIds (the per-key ordering rule)', () => {
  const sent: SendOutcome = { status: 'sent', messageId: 'm' };
  const failed: SendOutcome = { status: 'failed', error: new Error('boom') };

  it('marks every row when every send succeeded', () => {
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a')];
    expect(publishableIds(rows, new Map(rows.map((r) => [r.id, sent])))).toEqual(['1', '2', '3']);
  });

  it('after a failed row, marks no later row of the same topic + key, even when its send succeeded', () => {
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a'), row(5, 'b')];
    const outcomes = new Map<string, SendOutcome>([
      ['1', sent],
      ['2', failed],
      ['3', sent],
      ['4', sent],
      ['5', sent],
    ]);
    expect(publishableIds(rows, outcomes)).toEqual(['1', '3', '5']);
  });

  it('treats the same key on another topic as another ordering key', () => {
    const rows = [row(1, 'a', TOPIC_A), row(2, 'a', TOPIC_B), row(3, 'a', TOPIC_B)];
    const outcomes = new Map<string, SendOutcome>([
      ['1', failed],
      ['2', sent],
      ['3', sent],
    ]);
    expect(publishableIds(rows, outcomes)).toEqual(['2', '3']);
  });

  it('a rejected row (parked, never sendable) does not block the later rows of its key', () => {
    const rejected: SendOutcome = { status: 'rejected', error: new MessageRejectedError(TOPIC_A, 'too large') };
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'a')];
    const outcomes = new Map<string, SendOutcome>([
      ['1', rejected],
      ['2', sent],
      ['3', sent],
    ]);
    expect(publishableIds(rows, outcomes)).toEqual(['2', '3']);
  });

  it('follows id order (numerically), not the order the rows were given in', () => {
    const rows = [row(10, 'a'), row(9, 'a')];
    const outcomes = new Map<string, SendOutcome>([
      ['9', failed],
      ['10', sent],
    ]);
    expect(publishableIds(rows, outcomes)).toEqual([]);
  });
});

describe('dispatchInOrder', () => {
  it('sends in id order with the row key, payload, properties and event time', async () => {
    const client = new FakePulsarClient();
    const rows = [row(3, 'b'), row(1, 'a'), row(2, 'a', TOPIC_B)];
    const result = await dispatchInOrder(client, rows);
    expect(client.accepted.map((m) => [m.topic, m.key, m.eventId])).toEqual([
      [TOPIC_A, 'a', 'evt-1'],
      [TOPIC_B, 'a', 'evt-2'],
      [TOPIC_A, 'b', 'evt-3'],
    ]);
    expect(client.accepted[0].payload).toEqual(Buffer.from([1]));
    expect(client.accepted[0].properties).toEqual({ event_id: 'evt-1', event_type: 'AfiliadoActivado' });
    expect(client.accepted[0].eventTime).toBe(1_700_000_000_001);
    expect(result.publishedIds).toEqual(['1', '2', '3']);
    expect(result.failed).toEqual([]);
  });

  it('pipelines: all sends of a batch are in flight before the first one is acknowledged', async () => {
    const ack = gate();
    let inFlight = 0;
    let maxInFlight = 0;
    const client = new FakePulsarClient(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await ack.promise;
      inFlight--;
    });
    const dispatch = dispatchInOrder(client, [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'c')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(maxInFlight).toBe(4);
    ack.open();
    expect((await dispatch).publishedIds).toEqual(['1', '2', '3', '4']);
  });

  it('respects maxInFlight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const client = new FakePulsarClient(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
    });
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 1, `k${i % 3}`));
    const result = await dispatchInOrder(client, rows, { maxInFlight: 2 });
    expect(maxInFlight).toBe(2);
    expect(result.publishedIds).toHaveLength(10);
  });

  it('on a partial failure marks only succeeded rows with no earlier failure of their key', async () => {
    // evt-2 (key a) fails; evt-3 (key a) is already in flight and succeeds, but must not be marked.
    const client = new FakePulsarClient((_topic, message) => {
      if (message.properties?.['event_id'] === 'evt-2') throw new BrokerDownError();
    });
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'a'), row(4, 'b'), row(5, 'b')];
    const result = await dispatchInOrder(client, rows);
    expect(result.publishedIds).toEqual(['1', '4', '5']);
    expect(result.failed.map((f) => f.row.id)).toEqual(['2']);
    expect(result.outcomes.get('3')).toEqual({ status: 'sent', messageId: expect.any(String) });
  });

  it('a send refused for good (MessageRejectedError) is reported as rejected and holds back nothing, not even its key', async () => {
    const client = new FakePulsarClient((topic, message) => {
      if (message.properties?.['event_id'] === 'evt-1') throw new MessageRejectedError(topic, 'frame of 1500000 bytes over 1048576');
    });
    // One send at a time: the rejection is known before the later rows of key a are sent.
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a', TOPIC_B)];
    const result = await dispatchInOrder(client, rows, { maxInFlight: 1 });
    expect(client.acceptedEventIds()).toEqual(['evt-2', 'evt-3', 'evt-4']);
    expect(result.publishedIds).toEqual(['2', '3', '4']);
    expect(result.rejected.map((r) => [r.row.id, (r.error as Error).name])).toEqual([['1', 'MessageRejectedError']]);
    expect(result.failed).toEqual([]);
    expect(result.held).toBe(0);
    expect(result.outcomes.get('1')).toMatchObject({ status: 'rejected' });

    // Pipelined, the same.
    const pipelined = await dispatchInOrder(client, rows);
    expect(pipelined.publishedIds).toEqual(['2', '3', '4']);
    expect(pipelined.rejected.map((r) => r.row.id)).toEqual(['1']);
  });

  it('a transient failure holds back only its own topic + key: every other key and topic is published in the same round', async () => {
    // The failing send is also the slowest: nothing else may wait for it beyond its own key.
    const failure = gate();
    const client = new FakePulsarClient(async (_topic, message) => {
      if (message.properties?.['event_id'] === 'evt-1') {
        await failure.promise;
        throw new BrokerDownError();
      }
    });
    const rows = [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'c'), row(5, 'a', TOPIC_B), row(6, 'b'), row(7, 'a')];
    for (const maxInFlight of [1, 2, rows.length]) {
      client.accepted.length = 0;
      const dispatch = dispatchInOrder(client, rows, { maxInFlight });
      if (maxInFlight > 1) {
        // Every other key is sent while the failing send is still outstanding.
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(client.acceptedEventIds()).toEqual(expect.arrayContaining(['evt-3', 'evt-4', 'evt-5', 'evt-6']));
      }
      failure.open();
      const result = await dispatch;
      expect(result.publishedIds).toEqual(['3', '4', '5', '6']);
      expect(result.failed.map((f) => f.row.id)).toEqual(['1']);
      // Rows 2 and 7 (key a of TOPIC_A) wait: sent-but-unmarked when they were in flight, held otherwise.
      expect(['held', 'sent']).toContain(result.outcomes.get('2')?.status);
      expect(['held', 'sent']).toContain(result.outcomes.get('7')?.status);
    }
  });

  it('does not send later rows of a key whose send already failed', async () => {
    const client = new FakePulsarClient((_topic, message) => {
      if (message.properties?.['event_id'] === 'evt-1') throw new BrokerDownError();
    });
    // One send at a time: the failure of evt-1 is known before evt-2 would be sent.
    const result = await dispatchInOrder(client, [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a')], { maxInFlight: 1 });
    expect(client.attempts.map((a) => a.eventId)).toEqual(['evt-1', 'evt-3']);
    expect(result.outcomes.get('2')).toEqual({ status: 'held' });
    expect(result.outcomes.get('4')).toEqual({ status: 'held' });
    expect(result.held).toBe(2);
    expect(result.publishedIds).toEqual(['3']);
  });

  it('when the broker is down, fails every row and marks nothing', async () => {
    const client = new FakePulsarClient(() => {
      throw new BrokerDownError();
    });
    const result = await dispatchInOrder(client, [row(1, 'a'), row(2, 'b'), row(3, 'c')]);
    expect(result.publishedIds).toEqual([]);
    expect(result.failed).toHaveLength(3);
  });

  it('treats a producer that cannot even be created as a failed send', async () => {
    const client = new FakePulsarClient();
    jest.spyOn(client, 'producer').mockImplementation(() => {
      throw new Error('Pulsar client is closed');
    });
    const result = await dispatchInOrder(client, [row(1, 'a')]);
    expect(result.failed.map((f) => String(f.error))).toEqual(['Error: Pulsar client is closed']);
    expect(result.publishedIds).toEqual([]);
  });

  it('holds the rows of a key that come after an earlier row held outside the batch (another relay)', async () => {
    const client = new FakePulsarClient();
    const rows = [row(5, 'a'), row(6, 'b'), row(8, 'a')];
    const result = await dispatchInOrder(client, rows, { heldAfter: new Map([[orderingKey(TOPIC_A, 'a'), 7n]]) });
    expect(client.acceptedEventIds()).toEqual(['evt-5', 'evt-6']);
    expect(result.outcomes.get('8')).toEqual({ status: 'held' });
    expect(result.publishedIds).toEqual(['5', '6']);
  });
});
