import { TOPICS, type TopicKey } from '@alpes/contracts';
import type { BrokerAdminPort, SondaServiciosPort } from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import { recopilarEcosistema } from '../../application/queries/obtener-ecosistema/recopilar-ecosistema';
import partitionedStats from '../../infrastructure/pulsar-admin/fixtures/partitioned-stats.conversiones-eventos.json';
import { deTopicStats } from '../../infrastructure/pulsar-admin/pulsar-admin-broker.adapter';
import { EcosistemaResponseDto } from './ecosistema.response.dto';

const catalogo = (key: TopicKey) => `persistent://alpes/${TOPICS[key].namespace}/${key}`;

describe('EcosistemaResponseDto: partitioned-stats as the broker returns it → /ecosistema body', () => {
  it('answers the contract shape (snake_case) with the broker figures merged into the catalog', async () => {
    const broker: BrokerAdminPort = {
      url: 'http://127.0.0.1:8080',
      estadisticasTopic: async (topic) => (topic === catalogo('conversiones.eventos') ? deTopicStats(partitionedStats, true) : null),
      mensajesAlmacenados: async (topic) => (topic === `${catalogo('clicks')}-monitoreo.externos-DLQ` ? 2 : null),
    };
    const sonda: SondaServiciosPort = { sondear: async (o) => ({ ...o, up: true, status: 'healthy', latenciaMs: 5, error: null }) };

    const body = EcosistemaResponseDto.de(
      await recopilarEcosistema({
        broker,
        sonda,
        resolveTopic: catalogo,
        servicios: [{ servicio: 'afiliados', url: 'http://127.0.0.1:8001' }],
        ahora: () => new Date('2026-05-01T10:00:00.000Z'),
      }),
    );

    expect(body.generado_en).toBe('2026-05-01T10:00:00.000Z');
    expect(body.broker).toEqual({ url: 'http://127.0.0.1:8080', ok: true, error: null });
    expect(body.topics.find((t) => t.key === 'conversiones.eventos')).toEqual({
      key: 'conversiones.eventos',
      topic: 'persistent://alpes/eventos/conversiones.eventos',
      exists: true,
      partitions: 6,
      catalog_partitions: 6,
      msg_rate_in: 12.35,
      msg_rate_out: 30.1,
      msg_in_counter: 1234,
      msg_out_counter: 3702,
      storage_size: 123456,
      backlog: 47,
      error: null,
      subscriptions: [
        { name: 'marketing-comisiones.comisiones', type: 'Key_Shared', backlog: 0, msg_rate_out: 0, consumers: 0, unacked: 0, durable: true, in_catalog: true, exists: false },
        { name: 'tracking-queries.proyecciones', type: 'Key_Shared', backlog: 42, msg_rate_out: 0, consumers: 0, unacked: 0, durable: true, in_catalog: true, exists: true },
        { name: 'monitoreo.event-log', type: 'Key_Shared', backlog: 0, msg_rate_out: 10.2, consumers: 1, unacked: 0, durable: true, in_catalog: true, exists: true },
        { name: 'ops.replay', type: 'Key_Shared', backlog: 5, msg_rate_out: 0, consumers: 1, unacked: 0, durable: true, in_catalog: false, exists: true },
        { name: 'reader-9f8e7d6c5b', type: 'Exclusive', backlog: 7, msg_rate_out: 0, consumers: 1, unacked: 0, durable: false, in_catalog: false, exists: true },
      ],
    });
    expect(body.dlq.find((d) => d.source_key === 'clicks')).toEqual({
      topic: 'persistent://alpes/externos/clicks-monitoreo.externos-DLQ',
      source_key: 'clicks',
      subscription: 'monitoreo.externos',
      messages: 2,
      exists: true,
      error: null,
    });
    expect(body.servicios).toEqual([{ servicio: 'afiliados', url: 'http://127.0.0.1:8001', up: true, status: 'healthy', latencia_ms: 5, error: null }]);
    expect(body.resumen).toEqual({ topics: 1, topics_total: 10, backlog_total: 47, dlq_total: 2, servicios_up: 1, servicios_total: 1 });
  });
});
