import { Inject, Injectable } from '@nestjs/common';
import { Percentage } from '@alpes/seedwork';
import { createLogger } from '@alpes/messaging';
import type {
  AfiliadoActivado,
  AfiliadoReactivado,
  AfiliadoRegistrado,
  AfiliadoSuspendido,
  ConfiguracionComisionesActualizada,
} from '@alpes/contracts';
import { AfiliadoProyeccion, type EstadoAfiliado } from '../../domain/afiliado/afiliado-proyeccion';
import { AFILIADOS_PROYECCION_REPOSITORY, type AfiliadosProyeccionRepository } from '../../domain/afiliado/afiliado-proyeccion.repository.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import type { EventoRecibido } from '../ports/evento-recibido';
import { MetricasConsumo } from '../ports/metricas-consumo';

export const EVENTOS_AFILIADOS = [
  'AfiliadoRegistrado',
  'AfiliadoActivado',
  'AfiliadoSuspendido',
  'AfiliadoReactivado',
  'ConfiguracionComisionesActualizada',
] as const;

const ESTADO_TRAS: Record<string, EstadoAfiliado> = {
  AfiliadoActivado: 'ACTIVO',
  AfiliadoSuspendido: 'SUSPENDIDO',
  AfiliadoReactivado: 'ACTIVO',
};

/**
 * Keeps the local projection of affiliates (estado, tipo, commission percentages) from `afiliados.eventos`.
 * Events of one affiliate arrive in order (the topic is keyed by afiliado_id), so a state change for an affiliate
 * this projection never saw registered cannot be fixed by waiting: it is logged, counted and acknowledged.
 */
@Injectable()
export class ProyectarAfiliadoHandler {
  private readonly log = createLogger('proyeccion-afiliados');

  constructor(
    @Inject(AFILIADOS_PROYECCION_REPOSITORY) private readonly afiliados: AfiliadosProyeccionRepository,
    private readonly metricas: MetricasConsumo,
  ) {}

  async handle(evento: EventoRecibido, tx: Transaccion): Promise<void> {
    const en = new Date(evento.occurredAt);
    if (evento.eventType === 'AfiliadoRegistrado') {
      const p = evento.payload as AfiliadoRegistrado;
      if (await this.afiliados.findById(p.id, tx)) {
        // A registration re-published under another event id must not take an active affiliate back to PENDIENTE.
        this.log.info({ event_id: evento.eventId, afiliado_id: p.id }, 'affiliate already registered here: registration ignored');
        return;
      }
      await this.afiliados.guardar(
        tx,
        AfiliadoProyeccion.registrado({
          id: p.id,
          estado: p.estado || 'PENDIENTE',
          tipoAfiliado: p.tipo_afiliado,
          comisionBase: Percentage.of(p.configuracion_comisiones.comision_base),
          comisionPremium: p.configuracion_comisiones.comision_premium ? Percentage.of(p.configuracion_comisiones.comision_premium) : null,
          actualizadoEn: en,
        }),
      );
      return;
    }
    const p = evento.payload as AfiliadoActivado | AfiliadoSuspendido | AfiliadoReactivado | ConfiguracionComisionesActualizada;
    const afiliado = await this.afiliados.findById(p.afiliado_id, tx);
    if (!afiliado) {
      this.metricas.sumar('afiliados_desconocidos');
      this.log.warn(
        { event_type: evento.eventType, event_id: evento.eventId, afiliado_id: p.afiliado_id, correlation_id: evento.correlationId },
        'event for an affiliate never registered here: ignored',
      );
      return;
    }
    if (evento.eventType === 'ConfiguracionComisionesActualizada') {
      const c = p as ConfiguracionComisionesActualizada;
      afiliado.actualizarConfiguracion(Percentage.of(c.comision_base), c.comision_premium ? Percentage.of(c.comision_premium) : null, en);
    } else {
      const estado = ESTADO_TRAS[evento.eventType];
      if (!estado) return;
      afiliado.cambiarEstado(estado, en);
    }
    await this.afiliados.guardar(tx, afiliado);
  }
}
