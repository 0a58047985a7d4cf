import type { IntegrationEvent } from '@alpes/messaging';
import { Afiliado } from '../../domain/afiliado/afiliado.aggregate';
import type { AfiliadoDomainEvent } from '../../domain/afiliado/events';
import { ConfiguracionComisiones } from '../../domain/afiliado/value-objects/configuracion-comisiones.value-object';
import { Email } from '../../domain/afiliado/value-objects/email.value-object';
import { EstadoAfiliado, isEstadoAfiliado } from '../../domain/afiliado/value-objects/estado-afiliado';
import { parseTipoAfiliado } from '../../domain/afiliado/value-objects/tipo-afiliado';
import { AfiliadoOrmEntity } from './afiliado.orm-entity';

/** Row ⇄ aggregate, and domain event → integration event of `afiliados.eventos` (keyed by afiliado_id). */
export const AfiliadoMapper = {
  toDomain(row: AfiliadoOrmEntity): Afiliado {
    return Afiliado.restore(
      row.id,
      {
        nombre: row.nombre,
        email: Email.of(row.email),
        tipoAfiliado: parseTipoAfiliado(row.tipoAfiliado),
        configuracionComisiones: ConfiguracionComisiones.of({
          comisionBase: row.comisionBase,
          comisionPremium: row.comisionPremium,
        }),
        estado: estadoDe(row),
        pais: row.pais,
        redesSociales: Array.isArray(row.redesSociales) ? [...row.redesSociales] : [],
        motivoSuspension: row.motivoSuspension,
        huellaRegistro: row.huellaRegistro,
        creadoEn: row.creadoEn,
        actualizadoEn: row.actualizadoEn,
      },
      row.version,
    );
  },

  /** The row as it must be stored with `version`. */
  toPersistence(afiliado: Afiliado, version: number): AfiliadoOrmEntity {
    const p = afiliado.getProps();
    const row = new AfiliadoOrmEntity();
    row.id = afiliado.id;
    row.nombre = p.nombre;
    row.email = p.email.value;
    row.tipoAfiliado = p.tipoAfiliado;
    row.estado = p.estado;
    row.comisionBase = p.configuracionComisiones.comisionBase.toString();
    row.comisionPremium = p.configuracionComisiones.comisionPremium?.toString() ?? null;
    row.pais = p.pais;
    row.redesSociales = [...p.redesSociales];
    row.motivoSuspension = p.motivoSuspension;
    row.huellaRegistro = p.huellaRegistro;
    row.creadoEn = p.creadoEn;
    row.actualizadoEn = p.actualizadoEn;
    row.version = version;
    return row;
  },

  /** Keeps the domain event's id and time, so the envelope and the domain event name the same fact. */
  toIntegrationEvent(event: AfiliadoDomainEvent, correlationId: string): IntegrationEvent {
    const meta = {
      aggregate_id: event.aggregateId,
      key: event.aggregateId,
      event_id: event.eventId,
      occurred_at: event.occurredAt.getTime(),
      correlation_id: correlationId,
    };
    switch (event.eventType) {
      case 'AfiliadoRegistrado': {
        const p = event.payload;
        return {
          eventType: 'AfiliadoRegistrado',
          payload: {
            id: p.id,
            nombre: p.nombre,
            email: p.email,
            tipo_afiliado: p.tipo_afiliado,
            estado: p.estado,
            configuracion_comisiones: { comision_base: p.comision_base, comision_premium: p.comision_premium },
            pais: p.pais,
            redes_sociales: [...p.redes_sociales],
          },
          meta,
        };
      }
      case 'AfiliadoActivado':
        return { eventType: 'AfiliadoActivado', payload: { afiliado_id: event.payload.afiliado_id }, meta };
      case 'AfiliadoSuspendido':
        return {
          eventType: 'AfiliadoSuspendido',
          payload: { afiliado_id: event.payload.afiliado_id, motivo: event.payload.motivo },
          meta,
        };
      case 'AfiliadoReactivado':
        return { eventType: 'AfiliadoReactivado', payload: { afiliado_id: event.payload.afiliado_id }, meta };
      case 'ConfiguracionComisionesActualizada':
        return {
          eventType: 'ConfiguracionComisionesActualizada',
          payload: {
            afiliado_id: event.payload.afiliado_id,
            comision_base: event.payload.comision_base,
            comision_premium: event.payload.comision_premium,
          },
          meta,
        };
    }
  },
};

function estadoDe(row: AfiliadoOrmEntity): EstadoAfiliado {
  if (!isEstadoAfiliado(row.estado)) throw new Error(`afiliados.${row.id}: unknown estado "${row.estado}"`);
  return row.estado;
}
