import type { RegistrarConversion } from '@alpes/contracts';
import type { Conversion } from '../../domain/conversion/conversion.aggregate';

/** A conversion accepted over HTTP whose command the processor has not handled yet. */
export interface ConversionAceptada {
  readonly comando: RegistrarConversion;
  readonly aceptadaEn: number;
}

export interface ConversionesLectura {
  /** The conversion rebuilt from its events in the event store, or null when it has none (yet). */
  cargar(id: string): Promise<Conversion | null>;
  aceptada(id: string): Promise<ConversionAceptada | null>;
}

export const CONVERSIONES_LECTURA = Symbol('CONVERSIONES_LECTURA');
