/**
 * Everything the scenarios got accepted (202) by conversiones, so the monitoreo metrics check can compute what the
 * whole run added: impressions, clicks, conversions (their final states are looked up at the end), reversals.
 */
import Decimal from 'decimal.js';

export interface ConversionSent {
  readonly id: string;
  readonly tipo: string;
  /** The amount sent, exact (decimal string): sums of amounts are made with Decimal, never with floats. */
  readonly valor: string;
  readonly moneda: string;
}

class Ledger {
  readonly impresiones = new Set<string>();
  readonly clicks = new Set<string>();
  readonly conversiones = new Map<string, ConversionSent>();

  aceptado(kind: 'impresiones' | 'clicks' | 'conversiones', id: string, body: Record<string, unknown>): void {
    if (kind === 'impresiones') this.impresiones.add(id);
    else if (kind === 'clicks') this.clicks.add(id);
    else {
      this.conversiones.set(id, {
        id,
        tipo: String(body['tipo_conversion']),
        // String() of a number gives the same shortest round-trip digits JSON.stringify put on the wire.
        valor: new Decimal(String(body['valor_conversion'] ?? 0)).toFixed(),
        moneda: String(body['moneda']),
      });
    }
  }
}

/** The run's ledger (the scenarios run one after the other in one process). */
export const LEDGER = new Ledger();
