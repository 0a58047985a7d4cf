import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TopicKey } from '@alpes/contracts';
import { createLogger, type BatchReceivedEvent, type BatchRejection, type DeadLetterNotice, type Logger } from '@alpes/messaging';
import type { AccionAuditada } from '../../../domain/auditoria/accion-auditada';
import type { EventLogStore } from '../../../domain/evento-log/event-log.store.port';
import { motivoDeVeneno, type RechazoExterno } from '../../../domain/evento-log/rechazo-externo';
import type { RegistroEvento } from '../../../domain/evento-log/registro-evento';
import { MONITOREO_CONFIG, RELOJ, type MonitoreoConfig, type Reloj } from '../../monitoreo.config';
import { traducirAccion, traducirContrato } from '../../registro/traductor-contrato';
import { esTopicoExterno, traducirExterno } from '../../registro/traductor-externo';

export interface ResultadoRegistro {
  readonly recibidos: number;
  /** Messages of the JSON topics refused: the consumer sends them to the DLQ with `reason`. */
  readonly rechazados: readonly BatchRejection[];
}

/**
 * A batch of one topic (already de-duplicated by the inbox, inside the consumer's transaction) → log rows, audit rows
 * (`AccionRegistrada`) and the counts of refused JSON messages, each written with one multi-row statement.
 */
@Injectable()
export class RegistrarEventosHandler {
  private readonly log: Logger = createLogger('event-log');

  constructor(
    @Inject(MONITOREO_CONFIG) private readonly config: MonitoreoConfig,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  async execute(topic: TopicKey, eventos: readonly BatchReceivedEvent[], store: EventLogStore): Promise<ResultadoRegistro> {
    const recibidoEn = this.reloj.ahora();
    const filas: RegistroEvento[] = [];
    const acciones: AccionAuditada[] = [];
    const rechazos: RechazoExterno[] = [];
    const rechazados: BatchRejection[] = [];
    if (TOPICS[topic].format === 'json') {
      if (!esTopicoExterno(topic)) throw new Error(`${topic} is a JSON topic monitoreo does not know`);
      for (const evento of eventos) {
        const t = traducirExterno(topic, evento, { monedaPorDefecto: this.config.monedaExternos, recibidoEn });
        if (t.ok) {
          filas.push(t.fila);
          continue;
        }
        rechazados.push({ eventId: evento.eventId, reason: t.detalle });
        rechazos.push({ id: evento.eventId, sourceTopic: topic, motivo: t.motivo, detalle: t.detalle, recibidoEn });
        // The messaging library logs the DLQ copy (warn, with the reason); this adds the counted reason.
        this.log.debug({ event: 'externo.rechazado', topic, event_id: evento.eventId, motivo: t.motivo }, 'outside-system message refused');
      }
    } else {
      for (const evento of eventos) {
        filas.push(traducirContrato(topic, evento, recibidoEn));
        if (evento.eventType === 'AccionRegistrada') acciones.push(traducirAccion(evento, recibidoEn));
      }
    }
    if (filas.length > 0) await store.registrar(filas);
    if (acciones.length > 0) await store.registrarAuditoria(acciones);
    if (rechazos.length > 0) await store.registrarRechazos(rechazos);
    return { recibidos: eventos.length, rechazados };
  }

  /**
   * Messages the messaging library itself sent to the DLQ (invalid JSON, not an object; for Avro topics undecodable
   * bytes or a newer schema version): counted like the refused ones when they come from a JSON topic.
   */
  async registrarDescartados(topic: TopicKey, avisos: readonly DeadLetterNotice[], store: EventLogStore): Promise<void> {
    if (!esTopicoExterno(topic)) return;
    const recibidoEn = this.reloj.ahora();
    const rechazos = avisos
      .filter((a) => a.kind !== 'rejected')
      .map((a): RechazoExterno => ({ id: a.id, sourceTopic: topic, motivo: motivoDeVeneno(a.reason), detalle: a.reason, recibidoEn }));
    for (const r of rechazos) this.log.debug({ event: 'externo.rechazado', topic, event_id: r.id, motivo: r.motivo }, 'outside-system message refused');
    if (rechazos.length > 0) await store.registrarRechazos(rechazos);
  }
}
