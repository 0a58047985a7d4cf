import { Inject, Injectable } from '@nestjs/common';
import type {
  AfiliadoActivado,
  AfiliadoAsignadoACampana,
  AfiliadoReactivado,
  AfiliadoRegistrado,
  AfiliadoRetiradoDeCampana,
  AfiliadoSuspendido,
  CampanaActivada,
  CampanaCreada,
  CampanaFinalizada,
  CampanaPausada,
  PresupuestoAgotado,
} from '@alpes/contracts';
import { createLogger, type ReceivedEvent } from '@alpes/messaging';
import type { EstadoAfiliado } from '../../domain/proyecciones/afiliado-proyeccion';
import { VENTANA_ATRIBUCION_DIAS_POR_DEFECTO, type EstadoCampana } from '../../domain/proyecciones/campana-proyeccion';
import {
  PROYECCIONES_CACHE,
  PROYECCIONES_STORE,
  type ProyeccionesCache,
  type ProyeccionesStore,
  type ProyeccionesStoreFactory,
} from '../ports/proyecciones.port';
import type { TransaccionAbierta } from '../ports/transaccion';

/** The events of `afiliados.eventos` this service projects. */
export const EVENTOS_AFILIADOS = ['AfiliadoRegistrado', 'AfiliadoActivado', 'AfiliadoSuspendido', 'AfiliadoReactivado'] as const;
/** The events of `marketing.eventos` this service projects. */
export const EVENTOS_CAMPANAS = [
  'CampanaCreada',
  'CampanaActivada',
  'CampanaPausada',
  'CampanaFinalizada',
  'PresupuestoAgotado',
  'AfiliadoAsignadoACampana',
  'AfiliadoRetiradoDeCampana',
] as const;

const ESTADOS_AFILIADO: readonly EstadoAfiliado[] = ['PENDIENTE', 'ACTIVO', 'SUSPENDIDO'];

/**
 * Keeps the local projections of affiliates and campaigns (only what tracking checks: states, currency, attribution
 * window, dates, assigned affiliates) from the other contexts' events, inside the inbox transaction of each event,
 * then refreshes the in-memory view. Events are keyed by affiliate / campaign, so they arrive in order. A campaign
 * event for a campaign never created here (its CampanaCreada was lost) is logged and ignored: there is no currency
 * or window to project it with, and redelivering it would not help.
 */
@Injectable()
export class ActualizarProyeccionesHandler {
  private readonly log = createLogger('proyecciones');

  constructor(
    @Inject(PROYECCIONES_STORE) private readonly stores: ProyeccionesStoreFactory,
    @Inject(PROYECCIONES_CACHE) private readonly cache: ProyeccionesCache,
  ) {}

  async handle(evento: ReceivedEvent, tx: TransaccionAbierta): Promise<void> {
    const store = this.stores.en(tx);
    switch (evento.eventType) {
      case 'AfiliadoRegistrado': {
        const p = evento.payload as AfiliadoRegistrado;
        const estado = (ESTADOS_AFILIADO as readonly string[]).includes(p.estado) ? (p.estado as EstadoAfiliado) : 'PENDIENTE';
        return this.afiliado(store, evento, p.id, estado);
      }
      case 'AfiliadoActivado':
        return this.afiliado(store, evento, (evento.payload as AfiliadoActivado).afiliado_id, 'ACTIVO');
      case 'AfiliadoSuspendido':
        return this.afiliado(store, evento, (evento.payload as AfiliadoSuspendido).afiliado_id, 'SUSPENDIDO');
      case 'AfiliadoReactivado':
        return this.afiliado(store, evento, (evento.payload as AfiliadoReactivado).afiliado_id, 'ACTIVO');
      case 'CampanaCreada': {
        const p = evento.payload as CampanaCreada;
        await store.crearCampana({
          id: p.id,
          moneda: p.moneda,
          ventanaAtribucionDias: p.ventana_atribucion_dias ?? VENTANA_ATRIBUCION_DIAS_POR_DEFECTO,
          fechaInicio: p.fecha_inicio ?? null,
          fechaFin: p.fecha_fin ?? null,
          afiliados: p.afiliados_ids ?? [],
          desde: evento.occurredAt,
        });
        return this.refrescarCampana(store, p.id);
      }
      case 'CampanaActivada':
        return this.estadoCampana(store, evento, (evento.payload as CampanaActivada).campana_id, 'ACTIVA');
      case 'CampanaPausada':
        return this.estadoCampana(store, evento, (evento.payload as CampanaPausada).campana_id, 'PAUSADA');
      case 'CampanaFinalizada':
        return this.estadoCampana(store, evento, (evento.payload as CampanaFinalizada).campana_id, 'FINALIZADA');
      case 'PresupuestoAgotado': {
        // No budget left: not ACTIVA any more (marketing also publishes CampanaPausada); a later state stays.
        const id = (evento.payload as PresupuestoAgotado).campana_id;
        const campana = await store.campana(id);
        if (campana?.estado === 'ACTIVA') return this.estadoCampana(store, evento, id, 'PAUSADA');
        if (!campana) this.desconocida(evento, id);
        return;
      }
      case 'AfiliadoAsignadoACampana': {
        const p = evento.payload as AfiliadoAsignadoACampana;
        if (!(await store.asignarAfiliado(p.campana_id, p.afiliado_id))) return this.desconocida(evento, p.campana_id);
        return this.refrescarCampana(store, p.campana_id);
      }
      case 'AfiliadoRetiradoDeCampana': {
        const p = evento.payload as AfiliadoRetiradoDeCampana;
        if (!(await store.retirarAfiliado(p.campana_id, p.afiliado_id))) return this.desconocida(evento, p.campana_id);
        return this.refrescarCampana(store, p.campana_id);
      }
      default:
        this.log.debug({ event_type: evento.eventType, event_id: evento.eventId }, 'event not projected');
    }
  }

  /** `evento.occurredAt` (when it happened in its service) dates the change: conversions are judged by their own time. */
  private async afiliado(store: ProyeccionesStore, evento: ReceivedEvent, id: string, estado: EstadoAfiliado): Promise<void> {
    await store.guardarAfiliado(id, estado, evento.occurredAt);
    this.cache.ponerAfiliado({ id, estado });
  }

  private async estadoCampana(store: ProyeccionesStore, evento: ReceivedEvent, id: string, estado: EstadoCampana): Promise<void> {
    if (!(await store.cambiarEstadoCampana(id, estado, evento.occurredAt))) return this.desconocida(evento, id);
    await this.refrescarCampana(store, id);
  }

  private async refrescarCampana(store: ProyeccionesStore, id: string): Promise<void> {
    const campana = await store.campana(id);
    if (campana) this.cache.ponerCampana(campana);
  }

  private desconocida(evento: ReceivedEvent, campanaId: string): void {
    this.log.warn(
      { event_type: evento.eventType, event_id: evento.eventId, campana_id: campanaId, correlation_id: evento.correlationId },
      'event for a campaign this service never saw created: ignored',
    );
  }
}
