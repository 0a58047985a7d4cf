import { randomUUID } from 'node:crypto';
import { topicName, type TopicKey } from '@alpes/contracts';
import { PULSAR_CLIENT, PulsarAdminClient, PulsarAdminError, type PulsarClientPort } from '@alpes/messaging';
import { waitFor } from '@alpes/platform/testing';
import { esperarCuerpo, ev, ids, startTrackingQueriesTestApp, type EventoPrueba, type TrackingQueriesTestApp } from './support/tracking-queries-app';

const TOPICOS: readonly TopicKey[] = ['afiliados.eventos', 'marketing.eventos', 'conversiones.eventos', 'comisiones.eventos'];
const SUSCRIPCION_REPLAY = 'tracking-queries.reconstruccion-';

/**
 * Issue 10 item 7: an instance told its topics only through `ALPES_TOPIC_PREFIX` (how the built apps run in the
 * cross-process and end-to-end suites) rebuilds from ITS topics: it replays the prefixed ones only, opens no
 * subscription on the catalog's shared topics, switches over and reaches the same answers.
 */
describe('tracking-queries: rebuild on an instance with ALPES_TOPIC_PREFIX', () => {
  let t: TrackingQueriesTestApp;
  const prefijoAntes = process.env['ALPES_TOPIC_PREFIX'];
  const campana = ids('pc');
  const afiliados = [ids('pa'), ids('pa')];
  const T0 = Date.UTC(2025, 0, 2, 12, 0, 0);
  const publicados = new Set<string>();
  /** Topic and subscription of every subscription the app opens after start-up (the live ones opened before). */
  const suscripciones: { topic: string; subscription: string }[] = [];

  async function publicar(...eventos: EventoPrueba[]): Promise<void> {
    const conId = eventos.map((e) => ({ ...e, meta: { ...e.meta, event_id: randomUUID() } }));
    conId.forEach((e) => publicados.add(e.meta.event_id));
    await t.publicar(...conId);
  }

  const rutas = () => [
    `/tracking/queries/campanas/${campana}/estadisticas`,
    `/tracking/queries/campanas/${campana}/impresiones?limit=100`,
    `/tracking/queries/campanas/${campana}/conversiones?limit=100`,
    ...afiliados.map((a) => `/tracking/queries/influencers/${a}/estadisticas`),
  ];

  async function foto(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const r of rutas()) out[r] = (await t.http().get(r).expect(200)).body;
    return out;
  }

  /** Replay subscriptions on a topic; none when the topic does not exist at all (the catalog's, on a test broker). */
  async function suscripcionesReplay(admin: PulsarAdminClient, topico: string): Promise<string[]> {
    try {
      return Object.keys((await admin.partitionedStats(topico)).subscriptions ?? {}).filter((s) => s.startsWith(SUSCRIPCION_REPLAY));
    } catch (error) {
      if (error instanceof PulsarAdminError && error.status === 404) return [];
      throw error;
    }
  }

  beforeAll(async () => {
    t = await startTrackingQueriesTestApp('reconstruccion_prefijo', { porPrefijo: true });
    const client = t.app.get<PulsarClientPort>(PULSAR_CLIENT);
    const original = client.subscribeBatch.bind(client);
    jest.spyOn(client, 'subscribeBatch').mockImplementation((options, handler) => {
      suscripciones.push({ topic: options.topic, subscription: options.subscription });
      return original(options, handler);
    });
    const eventos: EventoPrueba[] = [
      ...afiliados.map((a) => ev('AfiliadoRegistrado', { id: a }, { key: a })),
      ev('CampanaCreada', { id: campana, moneda: 'USD' }, { key: campana }),
    ];
    for (let i = 0; i < 30; i++) {
      eventos.push(ev('ImpresionRegistrada', { id: `${campana}-imp-${i}`, campana_id: campana, afiliado_id: afiliados[i % 2], timestamp: T0 + i }, { key: `${campana}-imp-${i}` }));
    }
    for (let i = 0; i < 3; i++) {
      const id = `${campana}-conv-${i}`;
      eventos.push(
        ev('ConversionRegistrada', { id, campana_id: campana, afiliado_id: afiliados[0], click_id: null, valor: '50.0000', moneda: 'USD', timestamp: T0 + 100 + i }, { key: id }),
        ev('ConversionValidada', { conversion_id: id, campana_id: campana, afiliado_id: afiliados[0], click_id: null, valor: '50.0000', moneda: 'USD', tipo_conversion: 'venta', timestamp: T0 + 100 + i }, { key: id }),
        ev('ComisionCalculada', { id: `${id}-com`, conversion_id: id, campana_id: campana, afiliado_id: afiliados[0], monto: '5.0500', moneda: 'USD' }, { key: afiliados[0] }),
      );
    }
    await publicar(...eventos);
    await esperarCuerpo(t, `/tracking/queries/campanas/${campana}/estadisticas`, { impresiones: 30, conversiones: 3, comisiones_total: 15.15 });
  });

  afterAll(async () => {
    await t?.close();
    if (prefijoAntes === undefined) delete process.env['ALPES_TOPIC_PREFIX'];
    else process.env['ALPES_TOPIC_PREFIX'] = prefijoAntes;
  });

  it('replays the prefixed topics only, leaves nothing on the catalog topics, switches over with the same answers', async () => {
    const prefijo = process.env['ALPES_TOPIC_PREFIX'] as string;
    expect(prefijo).toBe(t.runtime.resolveTopic('conversiones.eventos').replace(/conversiones\.eventos$/, ''));
    const antes = await foto();

    const post = await t.http().post('/tracking/queries/admin/rebuild').send({}).expect(202);
    const id = post.body.rebuild_id as string;
    const fin = await waitFor(
      async () => {
        const res = await t.http().get(`/tracking/queries/admin/rebuild/${id}`).expect(200);
        return res.body.estado === 'EN_CURSO' ? null : (res.body as Record<string, unknown>);
      },
      90_000,
      `rebuild ${id}`,
    );

    // it read exactly the four projected topics of this instance, and nothing else
    const replay = suscripciones.filter((s) => s.subscription === `${SUSCRIPCION_REPLAY}${id}`);
    expect(replay.map((s) => s.topic).sort()).toEqual(TOPICOS.map((k) => `${prefijo}${k}`).sort());
    expect(suscripciones.filter((s) => !s.topic.startsWith(prefijo))).toEqual([]);

    expect(fin).toMatchObject({ estado: 'COMPLETADA', fase: 'COMPLETADA', eventos_aplicados: publicados.size, eventos_omitidos: 0, error: null });
    const [control] = (await t.dataSource.query('SELECT conjunto_activo, reconstruccion_id FROM proyeccion_control WHERE id = 1')) as {
      conjunto_activo: string;
      reconstruccion_id: string;
    }[];
    expect(control).toEqual({ conjunto_activo: 'b', reconstruccion_id: id });
    expect(await foto()).toEqual(antes);

    const admin = new PulsarAdminClient(t.runtime.pulsarHttpUrl);
    for (const k of TOPICOS) {
      // the shared, unprefixed topics never got a replay subscription (on this broker they may not even exist)
      expect({ topico: topicName(k), subs: await suscripcionesReplay(admin, topicName(k)) }).toEqual({ topico: topicName(k), subs: [] });
      // and the replay's own ones are deleted once the switch has committed
      await waitFor(async () => (await suscripcionesReplay(admin, `${prefijo}${k}`)).length === 0, 15_000, `replay subscriptions of ${prefijo}${k} deleted`);
    }
  });
});
