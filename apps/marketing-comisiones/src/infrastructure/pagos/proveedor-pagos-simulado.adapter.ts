import { createLogger } from '@alpes/messaging';
import type { OrdenDePago, ProveedorPagos, ResultadoProveedor } from '../../application/ports/proveedor-pagos.port';

export interface SimulacionPagos {
  /** `PAGOS_SIMULAR_FALLO=true`: every payout fails. */
  readonly fallarTodo: boolean;
  /** `PAGOS_SIMULAR_FALLO_AFILIADOS=id1,id2`: payouts of these affiliates fail. */
  readonly afiliadosQueFallan: ReadonlySet<string>;
}

export const MOTIVO_FALLO_SIMULADO = 'PAGO_RECHAZADO_SIMULADO';

/**
 * The default payment provider: no money moves. Succeeds with reference `sim-<payout id>` unless the configuration
 * says this payout must fail (motivo PAGO_RECHAZADO_SIMULADO). Never throws (the port's contract).
 */
export class ProveedorPagosSimuladoAdapter implements ProveedorPagos {
  private readonly log = createLogger('proveedor-pagos-simulado');

  constructor(private readonly simulacion: SimulacionPagos) {}

  async pagar(orden: OrdenDePago): Promise<ResultadoProveedor> {
    const falla = this.simulacion.fallarTodo || this.simulacion.afiliadosQueFallan.has(orden.afiliadoId);
    this.log.info({ pago_id: orden.pagoId, afiliado_id: orden.afiliadoId, monto: orden.monto.toFixed(), moneda: orden.monto.currency, exito: !falla }, 'simulated payment');
    return falla ? { exito: false, motivo: MOTIVO_FALLO_SIMULADO } : { exito: true, referencia: `sim-${orden.pagoId}` };
  }
}
