import type {
  AfiliadoRegistrado,
  CampanaCreada,
  ClickRegistrado,
  ComisionAprobada,
  ComisionCalculada,
  ComisionRechazada,
  ComisionRevertida,
  ConversionRechazada,
  ConversionRegistrada,
  ConversionRevertida,
  ConversionValidada,
  EventPayloadMap,
  ImpresionRegistrada,
  PagoRealizado,
} from '@alpes/contracts';
import type { ReceivedEvent } from '@alpes/messaging';
import { DomainError, Money } from '@alpes/seedwork';
import type { Hecho } from '../../domain/proyeccion/hechos';

/** Longest id the projections store (VARCHAR(100)); the HTTP layer refuses longer ones with 400. */
export const ID_MAX = 100;

/** Why an event could not be projected at all (logged and counted; the event is still consumed). */
export type MotivoOmision = 'ID_INVALIDO' | 'IMPORTE_INVALIDO' | 'FECHA_INVALIDA' | 'PAYLOAD_INVALIDO';

export type Traduccion =
  | { readonly resultado: 'hecho'; readonly hecho: Hecho }
  /** A known event these projections do not need (PagoProgramado, asignaciones, configuración…). */
  | { readonly resultado: 'sin_efecto' }
  | { readonly resultado: 'omitido'; readonly motivo: MotivoOmision; readonly detalle: string };

/** Event types the projections consume: everything else of the four topics is consumed without effect. */
export const EVENTOS_PROYECTADOS = [
  'ImpresionRegistrada',
  'ClickRegistrado',
  'ConversionRegistrada',
  'ConversionValidada',
  'ConversionRechazada',
  'ConversionRevertida',
  'ComisionCalculada',
  'ComisionAprobada',
  'ComisionRechazada',
  'ComisionRevertida',
  'PagoRealizado',
  'CampanaCreada',
  'CampanaActivada',
  'CampanaPausada',
  'CampanaFinalizada',
  'PresupuestoAgotado',
  'AfiliadoRegistrado',
  'AfiliadoActivado',
  'AfiliadoSuspendido',
  'AfiliadoReactivado',
] as const satisfies readonly (keyof EventPayloadMap)[];

class Omision extends Error {
  constructor(
    readonly motivo: MotivoOmision,
    detalle: string,
  ) {
    super(detalle);
  }
}

/**
 * Contract event (decoded Avro payload) → domain fact. Contract types are checked again here because a read model
 * must never be corrupted by one malformed event: an id that does not fit, an amount that is not exact money in its
 * currency, or a missing field makes the event `omitido` (logged with its event_id, never retried: retrying cannot
 * fix it, and the same rule applies during a rebuild, so both reach the same numbers).
 */
export function traducirEvento(evento: ReceivedEvent): Traduccion {
  try {
    const hecho = traducir(evento);
    return hecho ? { resultado: 'hecho', hecho } : { resultado: 'sin_efecto' };
  } catch (error) {
    if (error instanceof Omision) return { resultado: 'omitido', motivo: error.motivo, detalle: error.message };
    if (error instanceof DomainError) return { resultado: 'omitido', motivo: 'IMPORTE_INVALIDO', detalle: error.message };
    if (error instanceof TypeError) return { resultado: 'omitido', motivo: 'PAYLOAD_INVALIDO', detalle: error.message };
    throw error;
  }
}

function traducir(evento: ReceivedEvent): Hecho | null {
  const base = { eventId: evento.eventId, ocurridoEn: fecha(evento.occurredAt, 'occurred_at') };
  const p = evento.payload as Record<string, unknown>;
  if (p === null || typeof p !== 'object') throw new Omision('PAYLOAD_INVALIDO', 'payload is not a record');
  switch (evento.eventType) {
    case 'ImpresionRegistrada': {
      const e = p as unknown as ImpresionRegistrada;
      return {
        ...base,
        tipo: 'ImpresionRegistrada',
        id: id(e.id, 'id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        usuarioId: texto(e.usuario_id, 200),
        userAgent: texto(e.user_agent, 512),
        ipAddress: texto(e.ip_address, 64),
        referrer: texto(e.referrer, 1024),
        registradaEn: fecha(e.timestamp, 'timestamp'),
      };
    }
    case 'ClickRegistrado': {
      const e = p as unknown as ClickRegistrado;
      return {
        ...base,
        tipo: 'ClickRegistrado',
        id: id(e.id, 'id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        usuarioId: texto(e.usuario_id, 200),
        registradoEn: fecha(e.timestamp, 'timestamp'),
      };
    }
    case 'ConversionRegistrada': {
      const e = p as unknown as ConversionRegistrada;
      return {
        ...base,
        tipo: 'ConversionRegistrada',
        conversionId: id(e.id, 'id'),
        clickId: idOpcional(e.click_id, 'click_id'),
        campanaId: idOpcional(e.campana_id, 'campana_id'),
        afiliadoId: idOpcional(e.afiliado_id, 'afiliado_id'),
        tipoConversion: requerido(e.tipo_conversion, 'tipo_conversion', 50),
        valor: Money.of(e.valor, e.moneda),
        referenciaExterna: texto(e.referencia_externa, 200),
        usuarioId: texto(e.usuario_id, 200),
        registradaEn: fecha(e.timestamp, 'timestamp'),
      };
    }
    case 'ConversionValidada': {
      const e = p as unknown as ConversionValidada;
      return {
        ...base,
        tipo: 'ConversionValidada',
        conversionId: id(e.conversion_id, 'conversion_id'),
        clickId: idOpcional(e.click_id, 'click_id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        tipoConversion: requerido(e.tipo_conversion, 'tipo_conversion', 50),
        valor: Money.of(e.valor, e.moneda),
        referenciaExterna: texto(e.referencia_externa, 200),
        usuarioId: texto(e.usuario_id, 200),
        registradaEn: fecha(e.timestamp, 'timestamp'),
      };
    }
    case 'ConversionRechazada': {
      const e = p as unknown as ConversionRechazada;
      return {
        ...base,
        tipo: 'ConversionRechazada',
        conversionId: id(e.conversion_id, 'conversion_id'),
        motivo: requerido(e.motivo, 'motivo', 100),
        detalle: texto(e.detalle, 1000),
        clickId: idOpcional(e.click_id, 'click_id'),
        campanaId: idOpcional(e.campana_id, 'campana_id'),
        afiliadoId: idOpcional(e.afiliado_id, 'afiliado_id'),
        tipoConversion: requerido(e.tipo_conversion, 'tipo_conversion', 50),
        valor: Money.of(e.valor, e.moneda),
      };
    }
    case 'ConversionRevertida': {
      const e = p as unknown as ConversionRevertida;
      return {
        ...base,
        tipo: 'ConversionRevertida',
        conversionId: id(e.conversion_id, 'conversion_id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        motivo: texto(e.motivo, 1000) ?? '',
        valor: Money.of(e.valor, e.moneda),
      };
    }
    case 'ComisionCalculada': {
      const e = p as unknown as ComisionCalculada;
      return {
        ...base,
        tipo: 'ComisionCalculada',
        comisionId: id(e.id, 'id'),
        conversionId: idOpcional(e.conversion_id, 'conversion_id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        modelo: requerido(e.modelo, 'modelo', 10),
        monto: Money.of(e.monto, e.moneda),
        periodo: texto(e.periodo, 10),
      };
    }
    case 'ComisionAprobada':
    case 'ComisionRechazada':
    case 'ComisionRevertida': {
      const e = p as unknown as ComisionAprobada & Partial<Pick<ComisionRechazada | ComisionRevertida, 'motivo'>>;
      return {
        ...base,
        tipo: evento.eventType,
        comisionId: id(e.comision_id, 'comision_id'),
        conversionId: idOpcional(e.conversion_id, 'conversion_id'),
        campanaId: id(e.campana_id, 'campana_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        monto: Money.of(e.monto, e.moneda),
        motivo: texto(e.motivo, 1000),
      };
    }
    case 'PagoRealizado': {
      const e = p as unknown as PagoRealizado;
      if (!Array.isArray(e.comision_ids)) throw new Omision('PAYLOAD_INVALIDO', 'comision_ids is not a list');
      return {
        ...base,
        tipo: 'PagoRealizado',
        pagoId: id(e.pago_id, 'pago_id'),
        afiliadoId: id(e.afiliado_id, 'afiliado_id'),
        comisionIds: [...new Set(e.comision_ids.map((c, i) => id(c, `comision_ids[${i}]`)))],
      };
    }
    case 'CampanaCreada': {
      const e = p as unknown as CampanaCreada;
      // The currency must be usable by Money (it is the currency of the campaign's statistics).
      Money.zero(e.moneda);
      return { ...base, tipo: 'CampanaCreada', campanaId: id(e.id, 'id'), nombre: requerido(e.nombre, 'nombre', 200), moneda: e.moneda };
    }
    case 'CampanaActivada':
    case 'CampanaPausada':
    case 'CampanaFinalizada':
    case 'PresupuestoAgotado':
      return { ...base, tipo: evento.eventType, campanaId: id(p['campana_id'], 'campana_id') };
    case 'AfiliadoRegistrado': {
      const e = p as unknown as AfiliadoRegistrado;
      return {
        ...base,
        tipo: 'AfiliadoRegistrado',
        afiliadoId: id(e.id, 'id'),
        nombre: requerido(e.nombre, 'nombre', 200),
        tipoAfiliado: requerido(e.tipo_afiliado, 'tipo_afiliado', 50),
      };
    }
    case 'AfiliadoActivado':
    case 'AfiliadoSuspendido':
    case 'AfiliadoReactivado':
      return { ...base, tipo: evento.eventType, afiliadoId: id(p['afiliado_id'], 'afiliado_id') };
    default:
      return null;
  }
}

function id(value: unknown, campo: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > ID_MAX || value.trim() !== value) {
    throw new Omision('ID_INVALIDO', `${campo} is not an id of 1..${ID_MAX} characters`);
  }
  return value;
}

function idOpcional(value: unknown, campo: string): string | null {
  return value === null || value === undefined ? null : id(value, campo);
}

function requerido(value: unknown, campo: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new Omision('PAYLOAD_INVALIDO', `${campo} is missing`);
  return value.slice(0, max);
}

/** Optional free text, cut to the column's size (it is informative only). */
function texto(value: unknown, max: number): string | null {
  return typeof value === 'string' ? value.slice(0, max) : null;
}

function fecha(value: unknown, campo: string): Date {
  const ms = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN;
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 || date.getUTCFullYear() > 9999) {
    throw new Omision('FECHA_INVALIDA', `${campo} is not a valid timestamp`);
  }
  return date;
}
