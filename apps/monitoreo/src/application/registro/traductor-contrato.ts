import type { TopicKey } from '@alpes/contracts';
import type { AccionAuditada } from '../../domain/auditoria/accion-auditada';
import { LIMITES, type Categoria, type RegistroEvento } from '../../domain/evento-log/registro-evento';
import { importeExacto } from './importe';

/** A contract event as the batch consumer hands it over (decoded Avro payload, envelope metadata). */
export interface EventoContrato {
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: number;
  readonly correlationId?: string | null;
  readonly producer?: string;
  readonly payload: unknown;
}

/**
 * Which payload field holds each event's amount (money, with `moneda`). Events not listed carry none — notably
 * AlertaDisparada, whose `valor` is a rate, not money.
 */
const CAMPO_IMPORTE: Readonly<Record<string, string>> = {
  ConversionRegistrada: 'valor',
  ConversionValidada: 'valor',
  ConversionRechazada: 'valor',
  ConversionRevertida: 'valor',
  ComisionCalculada: 'monto',
  ComisionAprobada: 'monto',
  ComisionRechazada: 'monto',
  ComisionRevertida: 'monto',
  PagoProgramado: 'monto',
  PagoRealizado: 'monto',
  PagoFallido: 'monto',
  CampanaCreada: 'presupuesto',
  PresupuestoAgotado: 'presupuesto',
};

/** Events whose own id (`id`) names the campaign or the affiliate (the others name them as `campana_id` / `afiliado_id`). */
const ID_ES_CAMPANA = new Set(['CampanaCreada']);
const ID_ES_AFILIADO = new Set(['AfiliadoRegistrado']);

/** The contract's counting rules (monitoreo HTTP contract): everything not listed is `other`. */
export function categoriaDe(eventType: string, tipoConversion: string | null): Categoria {
  switch (eventType) {
    case 'ImpresionRegistrada':
      return 'impression';
    case 'ClickRegistrado':
      return 'click';
    case 'ConversionValidada':
      return tipoConversion === 'venta' ? 'sale' : 'conversion';
    default:
      return 'other';
  }
}

/**
 * Any event of an Avro topic → its log row. Never throws: a field of the wrong type or size (which the Avro schema
 * should already prevent) becomes null or is cut, because the log must keep every event and a consumer must never
 * stall on one. `occurred_at` is the envelope's (when the producing service recorded the event).
 */
export function traducirContrato(topic: TopicKey, evento: EventoContrato, recibidoEn: Date): RegistroEvento {
  const p: Record<string, unknown> = evento.payload !== null && typeof evento.payload === 'object' ? (evento.payload as Record<string, unknown>) : {};
  const tipoConversion = texto(p['tipo_conversion'], LIMITES.conversionType);
  const campoImporte = CAMPO_IMPORTE[evento.eventType];
  const valor = campoImporte ? decimal(p[campoImporte]) : null;
  return {
    eventId: evento.eventId.slice(0, LIMITES.eventId),
    eventType: evento.eventType.slice(0, LIMITES.eventType),
    categoria: categoriaDe(evento.eventType, tipoConversion),
    userId: texto(p['usuario_id'], LIMITES.userId),
    campaignId: texto(ID_ES_CAMPANA.has(evento.eventType) ? p['id'] : p['campana_id'], LIMITES.campaignId),
    affiliateId: texto(ID_ES_AFILIADO.has(evento.eventType) ? p['id'] : p['afiliado_id'], LIMITES.affiliateId),
    valor,
    moneda: valor !== null ? moneda(p['moneda']) : null,
    conversionType: tipoConversion,
    occurredAt: fecha(evento.occurredAt) ?? recibidoEn,
    sourceTopic: topic,
    producer: texto(evento.producer, LIMITES.producer),
    receivedAt: recibidoEn,
  };
}

/** `AccionRegistrada` → the audit trail's row. */
export function traducirAccion(evento: EventoContrato, recibidoEn: Date): AccionAuditada {
  const p: Record<string, unknown> = evento.payload !== null && typeof evento.payload === 'object' ? (evento.payload as Record<string, unknown>) : {};
  return {
    eventId: evento.eventId.slice(0, LIMITES.eventId),
    servicio: texto(p['servicio'], 50) ?? '',
    accion: texto(p['accion'], 100) ?? '',
    recurso: texto(p['recurso'], 100) ?? '',
    recursoId: texto(p['recurso_id'], 100) ?? '',
    actor: texto(p['actor'], 200) ?? '',
    resultado: texto(p['resultado'], 20) ?? '',
    detalle: texto(p['detalle'], 1000),
    at: fecha(p['at']) ?? fecha(evento.occurredAt) ?? recibidoEn,
    correlationId: texto(evento.correlationId, 100),
    recibidoEn,
  };
}

function texto(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null;
}

function decimal(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const r = importeExacto(v, { negativo: true });
  return r.ok ? r.valor : null;
}

function moneda(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? v : null;
}

function fecha(v: unknown): Date | null {
  const ms = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const anio = d.getUTCFullYear();
  return anio >= 1970 && anio <= 9999 ? d : null;
}
