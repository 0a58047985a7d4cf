import { Decimal } from 'decimal.js';
import { Money, isCurrencyCode } from '@alpes/seedwork';
import type { Ambito } from '../proyeccion/ambito';
import { MonedaInvalidaError } from './tracking.errors';

/** Ratios are exact decimals rounded once to 4 decimal places, ROUND_HALF_UP (documented in the README and OpenAPI). */
export const DECIMALES_RATIO = 4;

const Exacto = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -60, toExpPos: 60 });

export interface ContadoresEstadisticas {
  readonly impresiones: number;
  readonly clicks: number;
  readonly conversiones: number;
  readonly conversionesRechazadas: number;
  readonly conversionesRevertidas: number;
}

/** Stored sums of one currency (DECIMAL text as read from the database). */
export interface ImportesEnMoneda {
  readonly moneda: string;
  readonly ventasTotal: string;
  readonly comisionesTotal: string;
  readonly comisionesAprobadas: string;
  readonly comisionesPagadas: string;
}

export interface DatosEstadisticas {
  readonly ambito: Ambito;
  readonly id: string;
  readonly contadores: ContadoresEstadisticas;
  readonly importes: readonly ImportesEnMoneda[];
  /** The campaign's own currency (CampanaCreada), when known. */
  readonly monedaDeCampana: string | null;
}

export const CONTADORES_CERO: ContadoresEstadisticas = Object.freeze({
  impresiones: 0,
  clicks: 0,
  conversiones: 0,
  conversionesRechazadas: 0,
  conversionesRevertidas: 0,
});

/**
 * Statistics of a campaign or an affiliate, computed exactly:
 * - ctr             = clicks / impresiones × 100
 * - tasa_conversion = conversiones / clicks × 100
 * - epc             = comisiones_total / clicks (currency units per click)
 * each an exact decimal quotient rounded once to 4 decimals ROUND_HALF_UP, and 0 when its divisor is 0.
 * Amounts are those of ONE currency (`moneda`): the one asked for, else the campaign's, else — for an affiliate
 * paid in several — the first in alphabetical order of those it has amounts in (`monedas` lists them all); null
 * when nothing is known about money yet (amounts are then 0).
 */
export class Estadisticas {
  private constructor(
    readonly ambito: Ambito,
    readonly id: string,
    readonly contadores: ContadoresEstadisticas,
    readonly moneda: string | null,
    readonly monedas: readonly string[],
    readonly ventasTotal: Decimal,
    readonly comisionesTotal: Decimal,
    readonly comisionesAprobadas: Decimal,
    readonly comisionesPagadas: Decimal,
  ) {}

  static calcular(datos: DatosEstadisticas, monedaSolicitada?: string | null): Estadisticas {
    if (monedaSolicitada !== undefined && monedaSolicitada !== null && !isCurrencyCode(monedaSolicitada)) {
      throw new MonedaInvalidaError(String(monedaSolicitada));
    }
    const monedas = [...new Set(datos.importes.map((i) => i.moneda))].sort();
    const moneda = monedaSolicitada ?? datos.monedaDeCampana ?? monedas[0] ?? null;
    const fila = datos.importes.find((i) => i.moneda === moneda);
    // Money validates each stored sum against the currency's minor units (they are sums of Money amounts).
    const importe = (texto: string | undefined): Decimal =>
      moneda === null || texto === undefined ? new Exacto(0) : new Exacto(Money.of(texto, moneda).toDecimal());
    return new Estadisticas(
      datos.ambito,
      datos.id,
      datos.contadores,
      moneda,
      monedas,
      importe(fila?.ventasTotal),
      importe(fila?.comisionesTotal),
      importe(fila?.comisionesAprobadas),
      importe(fila?.comisionesPagadas),
    );
  }

  /** clicks / impresiones × 100. */
  get ctr(): Decimal {
    return Estadisticas.ratio(this.contadores.clicks, this.contadores.impresiones, 100);
  }

  /** conversiones / clicks × 100. */
  get tasaConversion(): Decimal {
    return Estadisticas.ratio(this.contadores.conversiones, this.contadores.clicks, 100);
  }

  /** comisiones_total / clicks. */
  get epc(): Decimal {
    return Estadisticas.ratio(this.comisionesTotal, this.contadores.clicks, 1);
  }

  /** numerador / divisor × factor, rounded to 4 decimals ROUND_HALF_UP; 0 when the divisor is 0. */
  static ratio(numerador: Decimal.Value, divisor: Decimal.Value, factor: Decimal.Value): Decimal {
    const d = new Exacto(divisor);
    if (d.isZero()) return new Exacto(0);
    return new Exacto(numerador).times(factor).dividedBy(d).toDecimalPlaces(DECIMALES_RATIO, Decimal.ROUND_HALF_UP);
  }
}
