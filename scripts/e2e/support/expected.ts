/**
 * What the services must answer, computed from what the suite sent — with the rules of DESIGN.md §5–§6 and the
 * services' documented rounding, never from what they answered:
 * - tracking-queries statistics: counts and exact sums; ctr = clicks/impresiones×100, tasa_conversion =
 *   conversiones/clicks×100, epc = comisiones_total/clicks, each rounded once to 4 decimals HALF_UP, 0 when the
 *   divisor is 0;
 * - commissions: CPS = percentage × sale value (a premium affiliate's comision_premium overrides it), CPA = fixed
 *   amount, CPC/CPM accruals = count × rate (CPM per thousand), each rounded once HALF_UP to cents.
 */
import Decimal from 'decimal.js';

export const money = (value: Decimal.Value): Decimal => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** percentage % of `valor`, rounded once to cents. */
export const cps = (porcentaje: Decimal.Value, valor: Decimal.Value): Decimal => money(new Decimal(porcentaje).div(100).times(valor));

/** A CPC/CPM accrual's amount for `cantidad` events. */
export function acumulado(modelo: 'CPC' | 'CPM', tarifa: Decimal.Value, cantidad: number): Decimal {
  const exacto = new Decimal(tarifa).times(cantidad);
  return money(modelo === 'CPM' ? exacto.div(1000) : exacto);
}

const ratio = (a: Decimal.Value, b: number, factor = 100): number =>
  b === 0 ? 0 : new Decimal(a).times(factor).div(b).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toNumber();

export interface Conteo {
  impresiones: number;
  clicks: number;
  conversiones: number;
  conversiones_rechazadas: number;
  conversiones_revertidas: number;
  ventas_total: Decimal.Value;
  comisiones_total: Decimal.Value;
  comisiones_aprobadas: Decimal.Value;
  comisiones_pagadas: Decimal.Value;
}

export const CERO: Conteo = {
  impresiones: 0,
  clicks: 0,
  conversiones: 0,
  conversiones_rechazadas: 0,
  conversiones_revertidas: 0,
  ventas_total: 0,
  comisiones_total: 0,
  comisiones_aprobadas: 0,
  comisiones_pagadas: 0,
};

/** Every statistic of GET …/estadisticas for these counts and sums. */
export function estadisticas(c: Conteo, moneda = 'USD'): Record<string, number | string> {
  const comisiones = new Decimal(c.comisiones_total);
  return {
    impresiones: c.impresiones,
    clicks: c.clicks,
    conversiones: c.conversiones,
    conversiones_rechazadas: c.conversiones_rechazadas,
    conversiones_revertidas: c.conversiones_revertidas,
    ventas_total: new Decimal(c.ventas_total).toNumber(),
    comisiones_total: comisiones.toNumber(),
    comisiones_aprobadas: new Decimal(c.comisiones_aprobadas).toNumber(),
    comisiones_pagadas: new Decimal(c.comisiones_pagadas).toNumber(),
    ctr: ratio(c.clicks, c.impresiones),
    tasa_conversion: ratio(c.conversiones, c.clicks),
    epc: ratio(comisiones, c.clicks, 1),
    moneda,
  };
}

export const sum = (values: readonly Decimal.Value[]): Decimal => values.reduce<Decimal>((a, v) => a.plus(v), new Decimal(0));
