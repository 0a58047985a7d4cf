import { Money } from '@alpes/seedwork';
import type { Conversion } from '../../../domain/conversion/conversion.aggregate';
import type { EstadoConversion } from '../../../domain/conversion/value-objects/estado-conversion';
import type { TipoConversion } from '../../../domain/conversion/value-objects/tipo-conversion';
import type { ConversionAceptada } from '../../ports/conversiones-lectura.port';

export interface EntradaHistorialView {
  evento: string;
  estado: EstadoConversion;
  /** ISO 8601. */
  at: string;
  motivo?: string;
}

/** The conversion resource of DESIGN.md §6. */
export interface ConversionView {
  id: string;
  estado: EstadoConversion;
  afiliado_id: string | null;
  campana_id: string | null;
  click_id: string | null;
  tipo_conversion: TipoConversion;
  valor_conversion: number;
  moneda: string;
  referencia_externa: string | null;
  usuario_id: string | null;
  /** ISO 8601: when the conversion happened. */
  timestamp: string;
  motivo_rechazo: string | null;
  detalle_rechazo: string | null;
  motivo_reversion: string | null;
  /** Whether the state comes from the event store (true) or the conversion is accepted but not processed yet. */
  procesada: boolean;
  historial: EntradaHistorialView[];
}

/** JSON number of an exact amount; amounts that came in as JSON numbers always read back exactly. */
export function montoJson(valor: Money): number {
  try {
    return valor.toNumber();
  } catch {
    return Number(valor.toFixed());
  }
}

export function vistaDeConversion(c: Conversion): ConversionView {
  return {
    id: c.id,
    estado: c.estado,
    afiliado_id: c.afiliadoId,
    campana_id: c.campanaId,
    click_id: c.clickId,
    tipo_conversion: c.tipoConversion,
    valor_conversion: montoJson(c.valor),
    moneda: c.valor.currency,
    referencia_externa: c.referenciaExterna,
    usuario_id: c.usuarioId,
    timestamp: new Date(c.timestamp).toISOString(),
    motivo_rechazo: c.motivoRechazo,
    detalle_rechazo: c.detalleRechazo,
    motivo_reversion: c.motivoReversion,
    procesada: true,
    historial: c.historial.map((h) => ({
      evento: h.evento,
      estado: h.estado,
      at: h.at.toISOString(),
      ...(h.motivo !== null ? { motivo: h.motivo } : {}),
    })),
  };
}

/** Accepted, not processed yet: REGISTRADA, with an empty history (no event recorded so far). */
export function vistaDeAceptada(a: ConversionAceptada): ConversionView {
  const c = a.comando;
  return {
    id: c.id,
    estado: 'REGISTRADA',
    afiliado_id: c.afiliado_id ?? null,
    campana_id: c.campana_id ?? null,
    click_id: c.click_id ?? null,
    tipo_conversion: c.tipo_conversion,
    valor_conversion: montoJson(Money.of(c.valor_conversion, c.moneda)),
    moneda: c.moneda,
    referencia_externa: c.referencia_externa ?? null,
    usuario_id: c.usuario_id ?? null,
    timestamp: new Date(c.timestamp).toISOString(),
    motivo_rechazo: null,
    detalle_rechazo: null,
    motivo_reversion: null,
    procesada: false,
    historial: [],
  };
}
