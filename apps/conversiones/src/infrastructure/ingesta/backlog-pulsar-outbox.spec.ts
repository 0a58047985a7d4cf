import { PulsarAdminError, type TopicStats } from '@alpes/messaging';
import { BacklogPulsarOutbox } from './backlog-pulsar-outbox';

describe('BacklogPulsarOutbox', () => {
  const resolveTopic = (key: string) => `t-${key}`;

  it('outbox pending + the processor subscription backlog + the largest CONNECTED consumer backlog of conversiones.eventos', async () => {
    const stats: Record<string, TopicStats> = {
      't-tracking.comandos': { subscriptions: { 'conversiones.procesador': { msgBacklog: 700 }, otra: { msgBacklog: 9_999 } } },
      't-conversiones.eventos': {
        subscriptions: {
          'tracking-queries.proyecciones': { msgBacklog: 300, consumers: [{}] },
          'marketing-comisiones.calculo': { msgBacklog: 500, consumers: [{}, {}] },
          'monitoreo.log': { msgBacklog: 80_000, consumers: [] }, // stopped service: never blocks ingest
        },
      },
    };
    const fuente = new BacklogPulsarOutbox({ pendingCount: async () => 42 }, { partitionedStats: async (t: string) => stats[t] }, resolveTopic as never);
    await expect(fuente.medir()).resolves.toEqual({ outbox: 42, procesador: 700, consumidores: 500 });
  });

  it('a topic not created yet counts 0; an unreachable admin API or database is null (unknown)', async () => {
    const noExiste = new BacklogPulsarOutbox(
      { pendingCount: async () => 0 },
      { partitionedStats: async (t: string) => Promise.reject(new PulsarAdminError(404, t, 'not found')) },
      resolveTopic as never,
    );
    await expect(noExiste.medir()).resolves.toEqual({ outbox: 0, procesador: 0, consumidores: 0 });
    const caido = new BacklogPulsarOutbox(
      { pendingCount: async () => Promise.reject(new Error('db down')) },
      { partitionedStats: async () => Promise.reject(new TypeError('fetch failed')) },
      resolveTopic as never,
    );
    await expect(caido.medir()).resolves.toEqual({ outbox: null, procesador: null, consumidores: null });
  });
});
