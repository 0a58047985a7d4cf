import { Money } from '@alpes/seedwork';
import type { Ambito } from './ambito';

export type CampoContador = 'impresiones' | 'clicks' | 'conversiones' | 'conversionesRechazadas' | 'conversionesRevertidas';
export type CampoImporte = 'ventasTotal' | 'comisionesTotal' | 'comisionesAprobadas' | 'comisionesPagadas';

export const CAMPOS_CONTADOR: readonly CampoContador[] = [
  'impresiones',
  'clicks',
  'conversiones',
  'conversionesRechazadas',
  'conversionesRevertidas',
];
export const CAMPOS_IMPORTE: readonly CampoImporte[] = ['ventasTotal', 'comisionesTotal', 'comisionesAprobadas', 'comisionesPagadas'];

/** Increments of the counters of one campaign or affiliate (one row `estadisticas`, added once per batch). */
export type ContadorDelta = { readonly ambito: Ambito; readonly refId: string } & Record<CampoContador, number>;

/** Increments of the amounts of one campaign or affiliate in one currency (one row `estadisticas_importes`). */
export type ImporteDelta = { readonly ambito: Ambito; readonly refId: string; readonly moneda: string } & Record<CampoImporte, Money>;

type MutableContador = { ambito: Ambito; refId: string } & Record<CampoContador, number>;
type MutableImporte = { ambito: Ambito; refId: string; moneda: string } & Record<CampoImporte, Money>;

/**
 * Statistics changes of a whole batch, aggregated in memory so that every counter row is written once per batch
 * (`INSERT … ON DUPLICATE KEY UPDATE x = x + VALUES(x)`). Every change applies to the campaign and to the affiliate
 * it concerns. A campaign or affiliate mentioned by any event is "touched" (a row with zero increments), which is
 * what makes it known to the queries (404 only for ids no event ever mentioned).
 */
export class DeltasEstadisticas {
  private readonly contadoresPorClave = new Map<string, MutableContador>();
  private readonly importesPorClave = new Map<string, MutableImporte>();

  tocar(campanaId: string | null, afiliadoId: string | null): void {
    for (const [ambito, refId] of ambitosDe(campanaId, afiliadoId)) this.contador(ambito, refId);
  }

  contar(campanaId: string | null, afiliadoId: string | null, campo: CampoContador, n: number): void {
    for (const [ambito, refId] of ambitosDe(campanaId, afiliadoId)) this.contador(ambito, refId)[campo] += n;
  }

  /** Adds `monto` (negative to subtract) to `campo` in monto's currency. */
  sumar(campanaId: string | null, afiliadoId: string | null, campo: CampoImporte, monto: Money): void {
    if (monto.isZero()) {
      this.tocar(campanaId, afiliadoId);
      return;
    }
    for (const [ambito, refId] of ambitosDe(campanaId, afiliadoId)) {
      this.contador(ambito, refId);
      const fila = this.importe(ambito, refId, monto.currency);
      fila[campo] = fila[campo].add(monto);
    }
  }

  /** Counter increments sorted by key, so concurrent batches lock rows in the same order. */
  contadores(): ContadorDelta[] {
    return [...this.contadoresPorClave.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => ({ ...v }));
  }

  /** Amount increments sorted by key; rows whose increments are all zero are left out. */
  importes(): ImporteDelta[] {
    return [...this.importesPorClave.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => ({ ...v }))
      .filter((v) => CAMPOS_IMPORTE.some((campo) => !v[campo].isZero()));
  }

  private contador(ambito: Ambito, refId: string): MutableContador {
    const clave = `${ambito}\u0000${refId}`;
    let fila = this.contadoresPorClave.get(clave);
    if (!fila) {
      fila = { ambito, refId, impresiones: 0, clicks: 0, conversiones: 0, conversionesRechazadas: 0, conversionesRevertidas: 0 };
      this.contadoresPorClave.set(clave, fila);
    }
    return fila;
  }

  private importe(ambito: Ambito, refId: string, moneda: string): MutableImporte {
    const clave = `${ambito}\u0000${refId}\u0000${moneda}`;
    let fila = this.importesPorClave.get(clave);
    if (!fila) {
      const cero = Money.zero(moneda);
      fila = { ambito, refId, moneda, ventasTotal: cero, comisionesTotal: cero, comisionesAprobadas: cero, comisionesPagadas: cero };
      this.importesPorClave.set(clave, fila);
    }
    return fila;
  }
}

function ambitosDe(campanaId: string | null, afiliadoId: string | null): [Ambito, string][] {
  const out: [Ambito, string][] = [];
  if (campanaId) out.push(['campana', campanaId]);
  if (afiliadoId) out.push(['afiliado', afiliadoId]);
  return out;
}
