import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { topicPath } from '@alpes/messaging';
import { BrokerInalcanzableError } from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import internalStats from './fixtures/internal-stats.dlq.json';
import partitionedStats from './fixtures/partitioned-stats.conversiones-eventos.json';
import { deTopicStats, mensajesDeInternalStats, PulsarAdminBrokerAdapter } from './pulsar-admin-broker.adapter';

/** A port nothing listens on (fetch refuses some low ports such as 1 outright, as "bad port"). */
async function puertoCerrado(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('admin JSON → port model', () => {
  it('reads a partitioned topic: partitions, rates rounded to 2 decimals, counters, storage, every subscription', () => {
    const stats = deTopicStats(partitionedStats, true);

    expect(stats).toMatchObject({
      particiones: 6,
      msgRateIn: 12.35,
      msgRateOut: 30.1,
      msgInCounter: 1234,
      msgOutCounter: 3702,
      storageSize: 123456,
    });
    expect(stats.suscripciones).toEqual(
      expect.arrayContaining([
        { nombre: 'monitoreo.event-log', tipo: 'Key_Shared', backlog: 0, msgRateOut: 10.2, consumidores: 1, unacked: 0, durable: true },
        { nombre: 'tracking-queries.proyecciones', tipo: 'None', backlog: 42, msgRateOut: 0, consumidores: 0, unacked: 0, durable: true },
        { nombre: 'reader-9f8e7d6c5b', tipo: 'Exclusive', backlog: 7, msgRateOut: 0, consumidores: 1, unacked: 0, durable: false },
        { nombre: 'ops.replay', tipo: 'Key_Shared', backlog: 5, msgRateOut: 0, consumidores: 1, unacked: 0, durable: true },
      ]),
    );
    expect(stats.suscripciones).toHaveLength(4);
  });

  it('reports 0 partitions for a non-partitioned topic and tolerates missing fields', () => {
    expect(deTopicStats({ msgInCounter: 3 }, false)).toEqual({
      particiones: 0,
      msgRateIn: 0,
      msgRateOut: 0,
      msgInCounter: 3,
      msgOutCounter: 0,
      storageSize: 0,
      suscripciones: [],
    });
  });

  it('counts the entries stored in a dead-letter topic, and sums the partitions of a partitioned one', () => {
    expect(mensajesDeInternalStats(internalStats)).toBe(3);
    expect(
      mensajesDeInternalStats({
        partitions: { 'persistent://t/n/x-partition-0': { numberOfEntries: 2 }, 'persistent://t/n/x-partition-1': { numberOfEntries: 5 } },
      }),
    ).toBe(7);
  });

});

describe('PulsarAdminBrokerAdapter against a stand-in admin API', () => {
  let server: Server;
  let url: string;
  const answers = new Map<string, { status: number; body: unknown }>();
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      const answer = answers.get(req.url ?? '') ?? { status: 404, body: { reason: 'Topic not found' } };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    answers.clear();
    asked.length = 0;
  });

  it('asks partitioned-stats first, then plain stats, and answers null for a topic that does not exist', async () => {
    const adapter = new PulsarAdminBrokerAdapter(url);
    answers.set('/admin/v2/persistent/public/default/plano/stats', { status: 200, body: { msgInCounter: 9 } });

    await expect(adapter.estadisticasTopic('persistent://public/default/plano')).resolves.toMatchObject({ particiones: 0, msgInCounter: 9 });
    await expect(adapter.estadisticasTopic('persistent://public/default/nada')).resolves.toBeNull();
    expect(asked).toEqual([
      '/admin/v2/persistent/public/default/plano/partitioned-stats',
      '/admin/v2/persistent/public/default/plano/stats',
      '/admin/v2/persistent/public/default/nada/partitioned-stats',
      '/admin/v2/persistent/public/default/nada/stats',
    ]);
  });

  it('asks the admin path of libs/messaging (each segment URL-encoded); an invalid topic name is an error of that topic, not an unreachable broker', async () => {
    const adapter = new PulsarAdminBrokerAdapter(url);
    const topic = 'persistent://alpes/eventos/a b-monitoreo.externos-DLQ';
    const ruta = `/admin/v2/${topicPath(topic)}`;
    expect(ruta).toBe('/admin/v2/persistent/alpes/eventos/a%20b-monitoreo.externos-DLQ');
    answers.set(`${ruta}/stats`, { status: 200, body: { msgInCounter: 2 } });
    answers.set(`${ruta}/internalStats`, { status: 200, body: { numberOfEntries: 2 } });

    await expect(adapter.estadisticasTopic(topic)).resolves.toMatchObject({ msgInCounter: 2 });
    await expect(adapter.mensajesAlmacenados(topic)).resolves.toBe(2);
    expect(asked).toEqual([`${ruta}/partitioned-stats`, `${ruta}/stats`, `${ruta}/internalStats`]);

    for (const llamada of [adapter.estadisticasTopic('clicks'), adapter.mensajesAlmacenados('clicks')]) {
      const error = await llamada.catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(BrokerInalcanzableError);
      expect((error as Error).message).toMatch(/Invalid topic name "clicks"/);
    }
  });

  it('reads stored messages of a plain or partitioned topic; null when it does not exist', async () => {
    const adapter = new PulsarAdminBrokerAdapter(url);
    answers.set('/admin/v2/persistent/public/default/dlq/internalStats', { status: 200, body: internalStats });
    answers.set('/admin/v2/persistent/public/default/pdlq/partitioned-internalStats', {
      status: 200,
      body: { metadata: { partitions: 1 }, partitions: { p0: { numberOfEntries: 4 } } },
    });

    await expect(adapter.mensajesAlmacenados('persistent://public/default/dlq')).resolves.toBe(3);
    await expect(adapter.mensajesAlmacenados('persistent://public/default/pdlq')).resolves.toBe(4);
    await expect(adapter.mensajesAlmacenados('persistent://public/default/nada')).resolves.toBeNull();
  });

  it('lets an HTTP error other than 404 through (the topic shows it), and turns no answer into BrokerInalcanzableError', async () => {
    answers.set('/admin/v2/persistent/public/default/roto/partitioned-stats', { status: 500, body: { reason: 'boom' } });
    await expect(new PulsarAdminBrokerAdapter(url).estadisticasTopic('persistent://public/default/roto')).rejects.toThrow(/500.*boom/);

    const cerrado = await puertoCerrado();
    const nadie = new PulsarAdminBrokerAdapter(`http://127.0.0.1:${cerrado}`, 1_000);
    const error = await nadie.estadisticasTopic('persistent://public/default/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerInalcanzableError);
    expect((error as Error).message).toBe(
      `Pulsar admin API at http://127.0.0.1:${cerrado} did not answer: fetch failed: connect ECONNREFUSED 127.0.0.1:${cerrado}`,
    );
  });
});
