import { DomainEvent } from '@alpes/seedwork';
import type { TipoConversion } from '../value-objects/tipo-conversion';

/** Amounts are decimal strings in `moneda` (never JS numbers); timestamps epoch milliseconds. */
export interface ConversionRegistradaPayload {
  id: string;
  click_id: string | null;
  afiliado_id: string | null;
  campana_id: string | null;
  tipo_conversion: TipoConversion;
  valor: string;
  moneda: string;
  referencia_externa: string | null;
  usuario_id: string | null;
  timestamp: number;
}

export interface ConversionValidadaPayload {
  conversion_id: string;
  afiliado_id: string;
  campana_id: string;
  click_id: string | null;
  tipo_conversion: TipoConversion;
  valor: string;
  moneda: string;
  usuario_id: string | null;
  timestamp: number;
  referencia_externa: string | null;
}

export interface ConversionRechazadaPayload {
  conversion_id: string;
  /** A `MotivoRechazo` code. */
  motivo: string;
  detalle: string | null;
  afiliado_id: string | null;
  campana_id: string | null;
  click_id: string | null;
  tipo_conversion: TipoConversion;
  valor: string;
  moneda: string;
}

export interface ConversionRevertidaPayload {
  conversion_id: string;
  afiliado_id: string;
  campana_id: string;
  motivo: string;
  valor: string;
  moneda: string;
}

export class ConversionRegistrada extends DomainEvent<ConversionRegistradaPayload> {
  readonly eventType = 'ConversionRegistrada' as const;
}

export class ConversionValidada extends DomainEvent<ConversionValidadaPayload> {
  readonly eventType = 'ConversionValidada' as const;
}

export class ConversionRechazada extends DomainEvent<ConversionRechazadaPayload> {
  readonly eventType = 'ConversionRechazada' as const;
}

export class ConversionRevertida extends DomainEvent<ConversionRevertidaPayload> {
  readonly eventType = 'ConversionRevertida' as const;
}

export type ConversionEvent = ConversionRegistrada | ConversionValidada | ConversionRechazada | ConversionRevertida;
