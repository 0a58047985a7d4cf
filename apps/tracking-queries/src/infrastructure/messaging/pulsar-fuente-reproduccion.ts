import { Inject, Injectable } from '@nestjs/common';
import { decodeEvent, type TopicKey } from '@alpes/contracts';
import {
  createLogger,
  MESSAGING_OPTIONS,
  PULSAR_CLIENT,
  PulsarAdminClient,
  PulsarAdminError,
  resolveTopicOf,
  topicPath,
  type Consumer,
  type IncomingMessage,
  type Logger,
  type MessagingModuleOptions,
  type PulsarClientPort,
  type ReceivedEvent,
} from '@alpes/messaging';
import {
  PREFIJO_SUSCRIPCION_RECONSTRUCCION,
  type FuenteReproduccion,
  type Reproduccion,
} from '../../application/reconstruccion/reconstruccion.ports';

/** The topics the projections are built from (one subscription `tracking-queries.proyecciones` on each). */
export const TOPICOS_PROYECTADOS: readonly TopicKey[] = ['afiliados.eventos', 'marketing.eventos', 'conversiones.eventos', 'comisiones.eventos'];

/** After this many batches failing in a row the replay gives up (the rebuild fails; the active set is untouched). */
const FALLOS_CONSECUTIVOS_MAX = 10;

/**
 * Reads the four topics from their EARLIEST message for a rebuild, through a temporary Exclusive subscription per
 * topic (what a Pulsar reader is, plus a durable cursor whose backlog tells when the replay reached the end of the
 * topics). The WebSocket API's own reader endpoint serves one partition at a time and reports no backlog; the
 * catalog topics are partitioned. Batches are decoded like the live consumers do (unknown event types and newer
 * schema versions are skipped, as the live consumers never apply them either) and acked after their COMMIT.
 */
@Injectable()
export class PulsarFuenteReproduccion implements FuenteReproduccion {
  private readonly log: Logger = createLogger('reproduccion');
  private readonly resolveTopic: (key: TopicKey) => string;

  constructor(
    @Inject(PULSAR_CLIENT) private readonly client: PulsarClientPort,
    private readonly admin: PulsarAdminClient,
    @Inject(MESSAGING_OPTIONS) options: MessagingModuleOptions,
  ) {
    // The live consumers' resolution (runtime option, else ALPES_TOPIC_PREFIX, else the catalog): the replay must
    // read the very topics the active set was built from, and leave no subscription on anyone else's.
    this.resolveTopic = resolveTopicOf(options);
  }

  async abrir(suscripcion: string, alLote: (eventos: ReceivedEvent[]) => Promise<void>): Promise<Reproduccion> {
    const log = this.log.child({ subscription: suscripcion });
    const topicos = TOPICOS_PROYECTADOS.map((k) => this.resolveTopic(k));
    const consumidores: Consumer[] = [];
    const estado = { fallo: null as Error | null, fallosSeguidos: 0, omitidos: 0 };
    const manejar = async (mensajes: IncomingMessage[]): Promise<void> => {
      const eventos = this.decodificar(mensajes, estado);
      if (eventos.length === 0) return;
      try {
        await alLote(eventos);
        estado.fallosSeguidos = 0;
      } catch (error) {
        estado.fallosSeguidos++;
        if (estado.fallosSeguidos >= FALLOS_CONSECUTIVOS_MAX && !estado.fallo) {
          estado.fallo = error instanceof Error ? error : new Error(String(error));
        }
        throw error;
      }
    };
    const cerrar = async (): Promise<void> => {
      await Promise.allSettled(consumidores.splice(0).map((c) => c.close()));
      for (const topico of topicos) await this.borrarSuscripcion(topico, suscripcion);
      log.info({ omitidos: estado.omitidos }, 'replay subscriptions deleted');
    };
    try {
      for (const topico of topicos) {
        consumidores.push(
          await this.client.subscribeBatch(
            {
              topic: topico,
              subscription: suscripcion,
              subscriptionType: 'Exclusive',
              initialPosition: 'Earliest',
              receiverQueueSize: 1000,
              maxBatchSize: 1000,
              maxWaitMs: 25,
              negativeAckRedeliveryDelayMs: 1_000,
            },
            manejar,
          ),
        );
      }
    } catch (error) {
      await cerrar().catch(() => undefined);
      throw error;
    }
    log.info({ topics: topicos.length }, 'replay from the earliest message started');
    return {
      get fallo() {
        return estado.fallo;
      },
      pendientes: async () => {
        let total = 0;
        for (const topico of topicos) {
          const stats = await this.admin.partitionedStats(topico);
          const sub = stats.subscriptions[suscripcion];
          // A subscription not created yet on some partition cannot be "caught up".
          if (!sub) return Number.POSITIVE_INFINITY;
          total += Number(sub.msgBacklog ?? 0);
        }
        return total;
      },
      cerrar,
    };
  }

  async limpiar(vigentes: readonly string[]): Promise<number> {
    let borradas = 0;
    for (const key of TOPICOS_PROYECTADOS) {
      const topico = this.resolveTopic(key);
      let subs: string[];
      try {
        subs = Object.keys((await this.admin.partitionedStats(topico)).subscriptions ?? {});
      } catch (error) {
        if (error instanceof PulsarAdminError && error.status === 404) continue;
        throw error;
      }
      for (const sub of subs) {
        if (sub.startsWith(PREFIJO_SUSCRIPCION_RECONSTRUCCION) && !vigentes.includes(sub)) {
          await this.borrarSuscripcion(topico, sub);
          borradas++;
        }
      }
    }
    if (borradas > 0) this.log.info({ borradas }, 'replay subscriptions left behind were deleted');
    return borradas;
  }

  private decodificar(mensajes: IncomingMessage[], estado: { omitidos: number }): ReceivedEvent[] {
    const eventos: ReceivedEvent[] = [];
    for (const m of mensajes) {
      try {
        const d = decodeEvent(m.payload);
        if (!d.known) {
          estado.omitidos++;
          continue;
        }
        eventos.push({
          eventType: d.eventType,
          schemaVersion: d.envelope.schema_version,
          eventId: d.envelope.event_id,
          aggregateId: d.envelope.aggregate_id,
          occurredAt: Number(d.envelope.occurred_at),
          correlationId: d.envelope.correlation_id ?? null,
          payload: d.payload,
        });
      } catch (error) {
        // Poison bytes: the live consumers dead-letter them and never apply them; the replay skips them likewise.
        estado.omitidos++;
        this.log.warn({ topic: m.topic, messageId: m.messageId, err: error instanceof Error ? error.message : String(error) }, 'undecodable message skipped by the replay');
      }
    }
    return eventos;
  }

  private async borrarSuscripcion(topico: string, suscripcion: string): Promise<void> {
    const ruta = `/admin/v2/${topicPath(topico)}/subscription/${encodeURIComponent(suscripcion)}?force=true`;
    try {
      await this.admin.request('DELETE', ruta, undefined, [404]);
    } catch (error) {
      this.log.warn({ topic: topico, subscription: suscripcion, err: error instanceof Error ? error.message : String(error) }, 'could not delete a replay subscription');
    }
  }
}
