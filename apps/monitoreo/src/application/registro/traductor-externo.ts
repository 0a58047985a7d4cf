import type { Categoria, RegistroEvento } from '../../domain/evento-log/registro-evento';
import { LIMITES } from '../../domain/evento-log/registro-evento';
import { importeExacto } from './importe';
import { NumeroJson, parsearJsonExacto, type ValorJson } from './json-exacto';

/** The raw JSON topics of `alpes/externos` (seed 000) and the event type each becomes in the log. */
export const TOPICOS_EXTERNOS = { clicks: 'click', conversions: 'conversion', sales: 'sale' } as const;
export type TopicoExterno = keyof typeof TOPICOS_EXTERNOS;

export function esTopicoExterno(topic: string): topic is TopicoExterno {
  return Object.prototype.hasOwnProperty.call(TOPICOS_EXTERNOS, topic);
}

/**
 * A message as the batch consumer hands it over: the id it derived from the message id and the JSON text (always set
 * for the JSON topics; the numbers are read from it, never from the JSON.parse result).
 */
export interface MensajeExterno {
  readonly eventId: string;
  readonly rawJson?: string;
}

export interface OpcionesExternas {
  readonly monedaPorDefecto: string;
  readonly recibidoEn: Date;
}

export type TraduccionExterna =
  | { readonly ok: true; readonly fila: RegistroEvento }
  /** `motivo` groups the counts (`missing user_id`); `detalle` is the DLQ's `dlq_reason` and names the field. */
  | { readonly ok: false; readonly motivo: string; readonly detalle: string };

/** Earliest event date accepted (as the tracking API does), and how far ahead of the clock a timestamp may be. */
const FECHA_MINIMA = Date.UTC(2000, 0, 1);
const ADELANTO_MAXIMO_MS = 24 * 3_600_000;
/** Epoch numbers below this are seconds (10^11 ms is March 1973; 10^11 s is the year 5138). */
const UMBRAL_SEGUNDOS = 1e11;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const MONEDA = /^[A-Za-z]{3}$/;

class Rechazo extends Error {
  constructor(
    readonly motivo: string,
    readonly detalle: string,
  ) {
    super(detalle);
  }
}

const falta = (campo: string, que: string) => new Rechazo(`missing ${campo}`, `missing ${campo}: ${que}`);
const invalido = (campo: string, que: string) => new Rechazo(`invalid ${campo}`, `invalid ${campo}: ${que}`);

/**
 * One JSON message of an outside system → a log row, or why it is refused. Required (seed 000): `user_id` and
 * `timestamp` everywhere, `amount` (or `value`) for a sale. Lenient on the rest: `usuario_id`, `campaign_id` /
 * `campana_id`, `affiliate_id` / `afiliado_id`, `event_id`, `conversion_type` / `tipo_conversion`, `currency` /
 * `moneda` are read when present; optional ids of the wrong type are ignored, but an amount or currency that is
 * present and wrong refuses the message (an amount is never guessed). Numbers are read from the JSON text, exactly.
 */
export function traducirExterno(topic: TopicoExterno, mensaje: MensajeExterno, opciones: OpcionesExternas): TraduccionExterna {
  if (mensaje.rawJson === undefined) throw new Error(`message ${mensaje.eventId} of the JSON topic ${topic} arrived without its JSON text`);
  let json: ValorJson;
  try {
    json = parsearJsonExacto(mensaje.rawJson);
  } catch (error) {
    return { ok: false, motivo: 'invalid JSON', detalle: `invalid JSON: ${(error as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || json instanceof NumeroJson) {
    return { ok: false, motivo: 'not a JSON object', detalle: 'JSON payload is not an object' };
  }
  try {
    return { ok: true, fila: fila(topic, mensaje.eventId, json, opciones) };
  } catch (error) {
    if (error instanceof Rechazo) return { ok: false, motivo: error.motivo, detalle: error.detalle };
    throw error;
  }
}

function fila(topic: TopicoExterno, eventIdMensaje: string, json: { [clave: string]: ValorJson }, opciones: OpcionesExternas): RegistroEvento {
  const campo = (...nombres: string[]): [string, ValorJson | undefined] => {
    for (const nombre of nombres) if (json[nombre] !== undefined && json[nombre] !== null) return [nombre, json[nombre]];
    return [nombres[0], undefined];
  };
  const userId = usuario(...campo('user_id', 'usuario_id'));
  const occurredAt = fecha(...campo('timestamp'), opciones.recibidoEn);
  const eventType = TOPICOS_EXTERNOS[topic];
  let categoria: Categoria = eventType;
  let valor: string | null = null;
  let conversionType = texto(campo('conversion_type', 'tipo_conversion')[1], LIMITES.conversionType)?.toLowerCase() ?? null;
  if (topic === 'sales') {
    const [nombre, v] = campo('amount', 'value', 'valor');
    if (v === undefined) throw falta('amount', 'a sale needs `amount` (or `value`), a decimal number');
    valor = importe(nombre, v);
    conversionType ??= 'venta';
  } else if (topic === 'conversions') {
    const [nombre, v] = campo('value', 'valor', 'amount');
    if (v !== undefined) valor = importe(nombre, v);
    if (conversionType === 'venta' || conversionType === 'sale') categoria = 'sale';
  }
  const [nombreMoneda, m] = campo('currency', 'moneda');
  let moneda: string | null = null;
  if (m !== undefined) {
    if (typeof m !== 'string' || !MONEDA.test(m)) throw invalido(nombreMoneda, 'an ISO 4217 code of 3 letters is expected');
    moneda = m.toUpperCase();
  }
  if (valor !== null) moneda ??= opciones.monedaPorDefecto;
  return {
    eventId: identificador(campo('event_id')[1], LIMITES.eventId) ?? eventIdMensaje,
    eventType,
    categoria,
    userId,
    campaignId: identificador(campo('campaign_id', 'campana_id')[1], LIMITES.campaignId),
    affiliateId: identificador(campo('affiliate_id', 'afiliado_id')[1], LIMITES.affiliateId),
    valor,
    moneda: valor === null ? null : moneda,
    conversionType,
    occurredAt,
    sourceTopic: topic,
    producer: null,
    receivedAt: opciones.recibidoEn,
  };
}

function usuario(nombre: string, v: ValorJson | undefined): string {
  if (v === undefined || (typeof v === 'string' && v.trim() === '')) throw falta('user_id', 'a non-empty string is required');
  const id = typeof v === 'string' ? v.trim() : v instanceof NumeroJson && /^\d+$/.test(v.texto) ? v.texto : null;
  if (id === null) throw invalido(nombre, 'a non-empty string is expected');
  if (id.length > LIMITES.userId) throw invalido(nombre, `longer than ${LIMITES.userId} characters`);
  return id;
}

function fecha(nombre: string, v: ValorJson | undefined, recibidoEn: Date): Date {
  if (v === undefined || v === '') throw falta('timestamp', 'epoch milliseconds or an ISO 8601 date-time is required');
  let ms: number;
  if (v instanceof NumeroJson || (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()))) {
    const n = Number(v instanceof NumeroJson ? v.texto : v.trim());
    ms = n < UMBRAL_SEGUNDOS ? Math.round(n * 1000) : Math.round(n);
  } else if (typeof v === 'string' && ISO.test(v.trim())) {
    const t = v.trim();
    if (!fechaReal(t)) throw invalido(nombre, `${t.slice(0, 40)} is not a real date`);
    // A date-time without an offset is read as UTC (never as the server's local time).
    const conZona = /T|\s/i.test(t) && !ISO.exec(t)?.[1] ? `${t.replace(' ', 'T')}Z` : t.replace(' ', 'T');
    ms = Date.parse(conZona);
  } else {
    throw invalido(nombre, 'epoch milliseconds or an ISO 8601 date-time is expected');
  }
  if (!Number.isFinite(ms) || ms < FECHA_MINIMA || ms > recibidoEn.getTime() + ADELANTO_MAXIMO_MS) {
    throw invalido(nombre, 'outside 2000-01-01 … 24 h ahead of the server clock, or not a real date');
  }
  return new Date(ms);
}

/** Date.parse rolls 2025-02-30 over to March: the calendar fields must exist as written. */
function fechaReal(t: string): boolean {
  const [, a, m, d, h, min, seg] = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/i.exec(t) ?? [];
  const anio = Number(a);
  const mes = Number(m);
  const dia = Number(d);
  const diasDelMes = new Date(Date.UTC(anio, mes, 0)).getUTCDate();
  return mes >= 1 && mes <= 12 && dia >= 1 && dia <= diasDelMes && Number(h ?? 0) < 24 && Number(min ?? 0) < 60 && Number(seg ?? 0) < 60;
}

function importe(nombre: string, v: ValorJson): string {
  if (!(v instanceof NumeroJson) && typeof v !== 'string') throw invalido(nombre, 'a decimal number is expected');
  const r = importeExacto(v instanceof NumeroJson ? v.texto : v);
  if (!r.ok) throw invalido(nombre, r.problema);
  return r.valor;
}

/** An optional id: a string or an integer, cut to the column; anything else is ignored. */
function identificador(v: ValorJson | undefined, max: number): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim().slice(0, max);
  if (v instanceof NumeroJson && /^\d+$/.test(v.texto)) return v.texto.slice(0, max);
  return null;
}

function texto(v: ValorJson | undefined, max: number): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;
}
