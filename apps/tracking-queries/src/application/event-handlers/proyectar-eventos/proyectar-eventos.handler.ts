import { Injectable } from '@nestjs/common';
import { createLogger, type Logger, type ReceivedEvent } from '@alpes/messaging';
import type { Hecho } from '../../../domain/proyeccion/hechos';
import type { ProyeccionStore } from '../../../domain/proyeccion/proyeccion.store.port';
import { Proyector, type EventoIgnorado } from '../../../domain/proyeccion/proyector';
import { traducirEvento, type MotivoOmision } from '../../proyeccion/traductor-eventos';

export interface EventoOmitido {
  readonly eventId: string;
  readonly correlationId: string | null;
  readonly eventType: string;
  readonly motivo: MotivoOmision;
  readonly detalle: string;
}

export interface ResultadoProyeccion {
  readonly recibidos: number;
  /** Facts projected (some may still have been ignored by a state rule, see `ignorados`). */
  readonly proyectados: number;
  /** Known events the projections do not need. */
  readonly sinEfecto: number;
  readonly omitidos: readonly EventoOmitido[];
  readonly ignorados: readonly EventoIgnorado[];
}

/**
 * Projects a batch of events (already de-duplicated by the inbox, in arrival order) into one set of projection
 * tables, inside the caller's transaction: one read of the rows the batch refers to, the rules of `Proyector`, one
 * write of the changes (multi-row inserts, each counter row updated once). Used by the live consumers and by the
 * rebuild's replay alike, so both reach the same numbers.
 */
@Injectable()
export class ProyectarEventosHandler {
  private readonly log: Logger = createLogger('proyecciones');

  async execute(eventos: readonly ReceivedEvent[], store: ProyeccionStore): Promise<ResultadoProyeccion> {
    const hechos: Hecho[] = [];
    const omitidos: EventoOmitido[] = [];
    let sinEfecto = 0;
    for (const evento of eventos) {
      const t = traducirEvento(evento);
      if (t.resultado === 'hecho') hechos.push(t.hecho);
      else if (t.resultado === 'sin_efecto') sinEfecto++;
      else omitidos.push({ eventId: evento.eventId, correlationId: evento.correlationId ?? null, eventType: evento.eventType, motivo: t.motivo, detalle: t.detalle });
    }
    let ignorados: EventoIgnorado[] = [];
    if (hechos.length > 0) {
      const instantanea = await store.cargar(Proyector.referencias(hechos));
      const cambios = Proyector.proyectar(hechos, instantanea);
      await store.aplicar(cambios);
      ignorados = cambios.ignorados;
    }
    for (const o of omitidos) {
      this.log.warn(
        { event_id: o.eventId, correlation_id: o.correlationId, event_type: o.eventType, motivo: o.motivo, detalle: o.detalle },
        'event could not be projected; skipped',
      );
    }
    for (const i of ignorados) {
      this.log.info(
        { event_id: i.eventId, event_type: i.tipo, motivo: i.motivo, referencia: i.referencia, estado: i.estado },
        'event left the projections unchanged',
      );
    }
    return { recibidos: eventos.length, proyectados: hechos.length, sinEfecto, omitidos, ignorados };
  }
}
