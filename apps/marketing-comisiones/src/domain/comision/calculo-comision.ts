import { Money, type Percentage } from '@alpes/seedwork';
import type { AfiliadoProyeccion } from '../afiliado/afiliado-proyeccion';
import type { Campana } from '../campana/campana.aggregate';
import type { Modelo } from '../shared/tipos';
import { MotivoRechazo } from './estado-comision';

export interface ConversionACalcular {
  readonly tipoConversion: string;
  /** Sale value as exact decimal text, in `moneda`. */
  readonly valor: string;
  readonly moneda: string;
}

export type ResultadoCalculo =
  | { readonly tipo: 'COMISION'; readonly modelo: 'CPA' | 'CPS'; readonly base: string; readonly porcentaje: Percentage | null; readonly monto: Money }
  | {
      readonly tipo: 'RECHAZO';
      readonly motivo: string;
      readonly modelo: Modelo | null;
      readonly base: string;
      readonly porcentaje: Percentage | null;
    };

/** Motivo of a conversion whose value cannot be commissioned (negative sale value). */
export const MOTIVO_VALOR_INVALIDO = 'VALOR_INVALIDO';

/**
 * The commission a validated conversion earns under a campaign's rules, before the budget is applied.
 *
 * - Rule: the one for the conversion's tipo_conversion, else the campaign's catch-all conversion rule; none → SIN_REGLA.
 * - Currency: the sale must be in the campaign currency (no silent conversion) → else MONEDA_DISTINTA.
 * - CPA: the rule's fixed amount. CPS: the rule's percentage of the sale value, or the affiliate's `comision_premium`
 *   when it is a `premium` affiliate that has one; exact product rounded once HALF_UP to the currency's minor unit.
 * - Zero: a CPS commission that comes to 0 (0 % rate, or rounding to 0) → MONTO_CERO: recorded RECHAZADA, never
 *   payable (CPA amounts are > 0 by the rule's own validation).
 */
export function calcularComisionDeConversion(
  campana: Campana,
  afiliado: AfiliadoProyeccion | null,
  conversion: ConversionACalcular,
): ResultadoCalculo {
  const regla = campana.reglaParaConversion(conversion.tipoConversion);
  if (regla === null) {
    return { tipo: 'RECHAZO', motivo: MotivoRechazo.SIN_REGLA, modelo: null, base: '0', porcentaje: null };
  }
  if (conversion.moneda !== campana.moneda) {
    return { tipo: 'RECHAZO', motivo: MotivoRechazo.MONEDA_DISTINTA, modelo: regla.modelo, base: '0', porcentaje: null };
  }
  if (regla.modelo === 'CPA') {
    const monto = regla.monto(campana.moneda);
    return { tipo: 'COMISION', modelo: 'CPA', base: monto.toFixed(), porcentaje: null, monto };
  }
  const venta = Money.ofRounded(conversion.valor, campana.moneda);
  const porcentaje = afiliado?.porcentajePremium() ?? regla.porcentaje();
  if (venta.isNegative()) {
    return { tipo: 'RECHAZO', motivo: MOTIVO_VALOR_INVALIDO, modelo: 'CPS', base: '0', porcentaje };
  }
  // Exact product of the exact sale value (not the rounded `venta`), rounded once.
  const monto = Money.ofRounded(porcentaje.asFraction().times(conversion.valor), campana.moneda);
  if (monto.isZero()) return { tipo: 'RECHAZO', motivo: MotivoRechazo.MONTO_CERO, modelo: 'CPS', base: conversion.valor, porcentaje };
  return { tipo: 'COMISION', modelo: 'CPS', base: conversion.valor, porcentaje, monto };
}
