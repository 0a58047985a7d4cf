import { TOPICS, type TopicKey, type TopicSpec } from '@alpes/contracts';
import {
  BrokerInalcanzableError,
  type BrokerAdminPort,
  type EstadisticasTopic,
  type EstadoServicio,
  type SondaServiciosPort,
  type ServicioObjetivo,
} from './ecosistema.ports';
import type { DlqEcosistema, Ecosistema, SuscripcionEcosistema, TopicEcosistema } from './ecosistema.read-model';

/**
 * Pulsar's default dead-letter topic of a subscription, `{topic}-{subscription}-DLQ`, on the RESOLVED topic: the
 * consumers of libs/messaging name theirs the same way, so per-run test topics have per-run DLQs.
 */
export function nombreDlq(topicResuelto: string, suscripcion: string): string {
  return `${topicResuelto}-${suscripcion}-DLQ`;
}

/** Catalog topics in catalog order. */
export function topicosDelCatalogo(): readonly TopicSpec[] {
  return Object.values(TOPICS);
}

/**
 * One topic of the answer: the broker's figures merged with the catalog. Catalog subscriptions come first, in catalog
 * order (missing ones listed with `existe: false`, so a consumer that never connected shows up), then any other
 * subscription the broker has (replays, tools, readers), by name.
 */
export function armarTopic(spec: TopicSpec, topic: string, estadisticas: EstadisticasTopic | null, error: string | null = null): TopicEcosistema {
  const delBroker = new Map((estadisticas?.suscripciones ?? []).map((s) => [s.nombre, s]));
  const suscripciones: SuscripcionEcosistema[] = spec.subscriptions.map((catalogo) => {
    const s = delBroker.get(catalogo.name);
    delBroker.delete(catalogo.name);
    return {
      nombre: catalogo.name,
      tipo: s && s.tipo !== 'None' && s.consumidores > 0 ? s.tipo : catalogo.type,
      backlog: s?.backlog ?? 0,
      msgRateOut: s?.msgRateOut ?? 0,
      consumidores: s?.consumidores ?? 0,
      unacked: s?.unacked ?? 0,
      durable: s?.durable ?? true,
      enCatalogo: true,
      existe: s !== undefined,
    };
  });
  const otras = [...delBroker.values()]
    .sort((a, b) => a.nombre.localeCompare(b.nombre))
    .map<SuscripcionEcosistema>((s) => ({ ...s, enCatalogo: false, existe: true }));
  const todas = [...suscripciones, ...otras];
  return {
    key: spec.key,
    topic,
    existe: estadisticas !== null,
    particiones: estadisticas?.particiones ?? 0,
    particionesCatalogo: spec.partitions,
    msgRateIn: estadisticas?.msgRateIn ?? 0,
    msgRateOut: estadisticas?.msgRateOut ?? 0,
    msgInCounter: estadisticas?.msgInCounter ?? 0,
    msgOutCounter: estadisticas?.msgOutCounter ?? 0,
    storageSize: estadisticas?.storageSize ?? 0,
    backlog: todas.filter((s) => s.durable).reduce((sum, s) => sum + s.backlog, 0),
    suscripciones: todas,
    error,
  };
}

export interface RecopilarEcosistemaDeps {
  readonly broker: BrokerAdminPort;
  readonly sonda: SondaServiciosPort;
  readonly resolveTopic: (key: TopicKey) => string;
  readonly servicios: readonly ServicioObjetivo[];
  readonly ahora?: () => Date;
}

type Resultado<T> = { ok: true; valor: T } | { ok: false; error: unknown };

async function intentar<T>(trabajo: () => Promise<T>): Promise<Resultado<T>> {
  try {
    return { ok: true, valor: await trabajo() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * `TypeError: fetch failed` hides the reason in `cause` (ECONNREFUSED, ENOTFOUND…, an AggregateError with an empty
 * message when every address failed): show both. Duck-typed, since fetch's errors may come from another realm.
 */
export function describirError(error: unknown): string {
  const mensaje = (e: unknown): string => {
    if (typeof e !== 'object' || e === null) return e === undefined ? '' : String(e);
    const { message, code, errors } = e as { message?: unknown; code?: unknown; errors?: unknown };
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(errors) && errors.length > 0) return mensaje(errors[0]);
    return typeof code === 'string' ? code : String(e);
  };
  const causa = typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const detalle = causa !== undefined ? mensaje(causa) : '';
  return `${mensaje(error)}${detalle ? `: ${detalle}` : ''}`.slice(0, 500);
}

/**
 * Everything `/ecosistema` shows, asked in parallel: every catalog topic's statistics, every catalog subscription's
 * dead-letter topic, every service's `/health`. A broker that does not answer gives `broker.ok = false` with the
 * reason and empty topic/DLQ lists (the services are still probed); an error on one topic is reported on that topic.
 */
export async function recopilarEcosistema(deps: RecopilarEcosistemaDeps): Promise<Ecosistema> {
  // The figures are as of the moment they were asked for.
  const generadoEn = deps.ahora?.() ?? new Date();
  const specs = topicosDelCatalogo();
  const dlqs = specs.flatMap((spec) =>
    spec.subscriptions.map((sub) => ({ spec, suscripcion: sub.name, topic: nombreDlq(deps.resolveTopic(spec.key), sub.name) })),
  );
  const [topics, mensajesDlq, servicios] = await Promise.all([
    Promise.all(specs.map((spec) => intentar(() => deps.broker.estadisticasTopic(deps.resolveTopic(spec.key))))),
    Promise.all(dlqs.map((dlq) => intentar(() => deps.broker.mensajesAlmacenados(dlq.topic)))),
    Promise.all(deps.servicios.map((objetivo) => sondearSinFallar(deps.sonda, objetivo))),
  ]);

  const inalcanzable = [...topics, ...mensajesDlq].find(
    (r): r is { ok: false; error: unknown } => !r.ok && r.error instanceof BrokerInalcanzableError,
  );
  const topicos: TopicEcosistema[] = inalcanzable
    ? []
    : specs.map((spec, i) => {
        const r = topics[i];
        const topic = deps.resolveTopic(spec.key);
        return r.ok ? armarTopic(spec, topic, r.valor) : armarTopic(spec, topic, null, describirError(r.error));
      });
  const dlq: DlqEcosistema[] = inalcanzable
    ? []
    : dlqs.map(({ spec, suscripcion, topic }, i) => {
        const r = mensajesDlq[i];
        const mensajes = r.ok ? r.valor : null;
        const error = r.ok ? null : describirError(r.error);
        return { topic, sourceKey: spec.key, suscripcion, mensajes: mensajes ?? 0, existe: mensajes !== null, error };
      });

  return {
    generadoEn,
    broker: { url: deps.broker.url, ok: !inalcanzable, error: inalcanzable ? describirError(inalcanzable.error) : null },
    topics: topicos,
    dlq,
    servicios,
    resumen: {
      topics: topicos.filter((t) => t.existe).length,
      topicsCatalogo: specs.length,
      backlogTotal: topicos.reduce((sum, t) => sum + t.backlog, 0),
      dlqTotal: dlq.reduce((sum, d) => sum + d.mensajes, 0),
      serviciosUp: servicios.filter((s) => s.up).length,
      serviciosTotal: servicios.length,
    },
  };
}

async function sondearSinFallar(sonda: SondaServiciosPort, objetivo: ServicioObjetivo): Promise<EstadoServicio> {
  try {
    return await sonda.sondear(objetivo);
  } catch (error) {
    return { ...objetivo, up: false, status: 'error', latenciaMs: null, error: describirError(error) };
  }
}
