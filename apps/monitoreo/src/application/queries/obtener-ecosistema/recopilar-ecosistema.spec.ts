import { deadLetterTopicName, topicName, TOPICS, type TopicKey } from '@alpes/contracts';
import {
  BrokerInalcanzableError,
  type BrokerAdminPort,
  type EstadisticasTopic,
  type EstadoServicio,
  type ServicioObjetivo,
  type SondaServiciosPort,
} from './ecosistema.ports';
import { armarTopic, nombreDlq, recopilarEcosistema } from './recopilar-ecosistema';

const testTopic = (key: TopicKey) => `persistent://public/default/alpes-test-ab12-${key}`;

class BrokerFalso implements BrokerAdminPort {
  readonly url = 'http://broker:8080';
  readonly topics = new Map<string, EstadisticasTopic | Error>();
  readonly almacenados = new Map<string, number | Error>();
  readonly preguntados: string[] = [];

  async estadisticasTopic(topic: string): Promise<EstadisticasTopic | null> {
    this.preguntados.push(topic);
    const r = this.topics.get(topic);
    if (r instanceof Error) throw r;
    return r ?? null;
  }

  async mensajesAlmacenados(topic: string): Promise<number | null> {
    this.preguntados.push(topic);
    const r = this.almacenados.get(topic);
    if (r instanceof Error) throw r;
    return r ?? null;
  }
}

class SondaFalsa implements SondaServiciosPort {
  enVuelo = 0;
  maxEnVuelo = 0;
  constructor(private readonly respuestas: Record<string, Partial<EstadoServicio> | Error>) {}

  async sondear(objetivo: ServicioObjetivo): Promise<EstadoServicio> {
    this.enVuelo++;
    this.maxEnVuelo = Math.max(this.maxEnVuelo, this.enVuelo);
    await new Promise((r) => setTimeout(r, 20));
    this.enVuelo--;
    const r = this.respuestas[objetivo.servicio];
    if (r instanceof Error) throw r;
    return { ...objetivo, up: true, status: 'healthy', latenciaMs: 3, error: null, ...r };
  }
}

const estadisticas = (over: Partial<EstadisticasTopic> = {}): EstadisticasTopic => ({
  particiones: 6,
  msgRateIn: 1.5,
  msgRateOut: 3,
  msgInCounter: 10,
  msgOutCounter: 30,
  storageSize: 2048,
  suscripciones: [],
  ...over,
});

describe('nombreDlq', () => {
  it("is Pulsar's `{topic}-{subscription}-DLQ` of the resolved topic, the same name libs/contracts gives the catalog's", () => {
    expect(nombreDlq(testTopic('clicks'), 'monitoreo.externos')).toBe(
      'persistent://public/default/alpes-test-ab12-clicks-monitoreo.externos-DLQ',
    );
    for (const spec of Object.values(TOPICS)) {
      for (const sub of spec.subscriptions) {
        expect(nombreDlq(topicName(spec.key), sub.name)).toBe(deadLetterTopicName(spec.key, sub.name));
      }
    }
  });
});

describe('armarTopic', () => {
  const spec = TOPICS['conversiones.eventos'];

  it('lists catalog subscriptions first (catalog type while no consumer is connected), then the others by name', () => {
    const topic = armarTopic(
      spec,
      testTopic(spec.key),
      estadisticas({
        suscripciones: [
          { nombre: 'zeta.tool', tipo: 'Shared', backlog: 4, msgRateOut: 0, consumidores: 1, unacked: 0, durable: true },
          { nombre: 'monitoreo.event-log', tipo: 'Key_Shared', backlog: 2, msgRateOut: 1.25, consumidores: 1, unacked: 1, durable: true },
          { nombre: 'tracking-queries.proyecciones', tipo: 'None', backlog: 40, msgRateOut: 0, consumidores: 0, unacked: 0, durable: true },
          { nombre: 'reader-1', tipo: 'Exclusive', backlog: 100, msgRateOut: 0, consumidores: 1, unacked: 0, durable: false },
        ],
      }),
    );

    expect(topic.suscripciones.map((s) => [s.nombre, s.tipo, s.existe, s.enCatalogo])).toEqual([
      ['marketing-comisiones.comisiones', 'Key_Shared', false, true],
      ['tracking-queries.proyecciones', 'Key_Shared', true, true],
      ['monitoreo.event-log', 'Key_Shared', true, true],
      ['reader-1', 'Exclusive', true, false],
      ['zeta.tool', 'Shared', true, false],
    ]);
    // A reader's cursor is not work anyone owes: only durable subscriptions count in the backlog.
    expect(topic.backlog).toBe(2 + 40 + 4);
    expect(topic).toMatchObject({ key: 'conversiones.eventos', existe: true, particiones: 6, particionesCatalogo: 6, error: null });
  });

  it('shows a missing topic with zeros, its catalog partitions and its catalog subscriptions as not existing', () => {
    const topic = armarTopic(TOPICS.clicks, testTopic('clicks'), null);
    expect(topic).toMatchObject({ existe: false, particiones: 0, particionesCatalogo: 1, msgInCounter: 0, backlog: 0 });
    expect(topic.suscripciones).toEqual([
      expect.objectContaining({ nombre: 'monitoreo.externos', tipo: 'Failover', existe: false, consumidores: 0, backlog: 0 }),
    ]);
  });
});

describe('recopilarEcosistema', () => {
  const servicios: ServicioObjetivo[] = [
    { servicio: 'afiliados', url: 'http://a:8001' },
    { servicio: 'conversiones', url: 'http://c:8002' },
    { servicio: 'monitoreo', url: 'http://m:8005' },
  ];
  const ahora = () => new Date('2026-05-01T10:00:00.000Z');

  it('asks every catalog topic and every DLQ on the resolved names; counts DLQ messages, missing DLQs as 0', async () => {
    const broker = new BrokerFalso();
    broker.topics.set(
      testTopic('clicks'),
      estadisticas({
        particiones: 1,
        suscripciones: [{ nombre: 'monitoreo.externos', tipo: 'Failover', backlog: 3, msgRateOut: 0, consumidores: 0, unacked: 0, durable: true }],
      }),
    );
    broker.almacenados.set(nombreDlq(testTopic('clicks'), 'monitoreo.externos'), 2);
    broker.almacenados.set(nombreDlq(testTopic('sales'), 'monitoreo.externos'), 0);

    const e = await recopilarEcosistema({ broker, sonda: new SondaFalsa({}), resolveTopic: testTopic, servicios: [], ahora });

    const catalogo = Object.values(TOPICS);
    const suscripciones = catalogo.flatMap((t) => t.subscriptions);
    expect(e.topics.map((t) => t.key)).toEqual(catalogo.map((t) => t.key));
    expect(e.dlq).toHaveLength(suscripciones.length);
    expect(broker.preguntados.every((t) => t.startsWith('persistent://public/default/alpes-test-ab12-'))).toBe(true);
    expect(e.dlq.find((d) => d.sourceKey === 'clicks')).toEqual({
      topic: 'persistent://public/default/alpes-test-ab12-clicks-monitoreo.externos-DLQ',
      sourceKey: 'clicks',
      suscripcion: 'monitoreo.externos',
      mensajes: 2,
      existe: true,
      error: null,
    });
    expect(e.dlq.find((d) => d.sourceKey === 'sales')).toMatchObject({ mensajes: 0, existe: true });
    expect(e.dlq.find((d) => d.sourceKey === 'conversions')).toMatchObject({ mensajes: 0, existe: false });
    expect(e.broker).toEqual({ url: 'http://broker:8080', ok: true, error: null });
    expect(e.resumen).toEqual({ topics: 1, topicsCatalogo: catalogo.length, backlogTotal: 3, dlqTotal: 2, serviciosUp: 0, serviciosTotal: 0 });
    expect(e.generadoEn.toISOString()).toBe('2026-05-01T10:00:00.000Z');
  });

  it('reports an error on the one topic the broker refused, and keeps the others', async () => {
    const broker = new BrokerFalso();
    broker.topics.set(testTopic('sales'), new Error('Pulsar admin answered 500: boom'));
    broker.almacenados.set(nombreDlq(testTopic('sales'), 'monitoreo.externos'), new Error('Pulsar admin answered 500: bang'));
    broker.topics.set(testTopic('clicks'), estadisticas({ particiones: 1 }));

    const e = await recopilarEcosistema({ broker, sonda: new SondaFalsa({}), resolveTopic: testTopic, servicios: [] });

    expect(e.broker.ok).toBe(true);
    expect(e.topics.find((t) => t.key === 'sales')).toMatchObject({ existe: false, error: 'Pulsar admin answered 500: boom' });
    expect(e.topics.find((t) => t.key === 'clicks')).toMatchObject({ existe: true, error: null });
    expect(e.dlq.find((d) => d.sourceKey === 'sales')).toMatchObject({ mensajes: 0, existe: false, error: 'Pulsar admin answered 500: bang' });
    expect(e.dlq.find((d) => d.sourceKey === 'clicks')).toMatchObject({ mensajes: 0, existe: false, error: null });
  });

  it('answers broker.ok = false with the reason, no topics and no DLQs, and still probes the services, when the broker does not answer', async () => {
    const broker = new BrokerFalso();
    for (const spec of Object.values(TOPICS)) broker.topics.set(testTopic(spec.key), new BrokerInalcanzableError('admin API at http://broker:8080 did not answer: ECONNREFUSED'));
    const sonda = new SondaFalsa({ conversiones: { up: false, status: 'unreachable', latenciaMs: null, error: 'ECONNREFUSED' } });

    const e = await recopilarEcosistema({ broker, sonda, resolveTopic: testTopic, servicios });

    expect(e.broker).toEqual({ url: 'http://broker:8080', ok: false, error: 'admin API at http://broker:8080 did not answer: ECONNREFUSED' });
    expect(e.topics).toEqual([]);
    expect(e.dlq).toEqual([]);
    expect(e.servicios.map((s) => [s.servicio, s.up])).toEqual([
      ['afiliados', true],
      ['conversiones', false],
      ['monitoreo', true],
    ]);
    expect(e.resumen).toMatchObject({ topics: 0, backlogTotal: 0, dlqTotal: 0, serviciosUp: 2, serviciosTotal: 3 });
  });

  it('probes the services in parallel, in the configured order, and reports a probe that throws as down', async () => {
    const sonda = new SondaFalsa({ afiliados: new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 10.0.0.1:8001') }) });

    const e = await recopilarEcosistema({ broker: new BrokerFalso(), sonda, resolveTopic: testTopic, servicios });

    expect(sonda.maxEnVuelo).toBe(servicios.length);
    expect(e.servicios[0]).toEqual({
      servicio: 'afiliados',
      url: 'http://a:8001',
      up: false,
      status: 'error',
      latenciaMs: null,
      error: 'fetch failed: connect ECONNREFUSED 10.0.0.1:8001',
    });
    expect(e.servicios.slice(1).map((s) => s.servicio)).toEqual(['conversiones', 'monitoreo']);
    expect(e.resumen).toMatchObject({ serviciosUp: 2, serviciosTotal: 3 });
  });
});
