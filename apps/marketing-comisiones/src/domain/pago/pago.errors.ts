import { BusinessRuleError, ConflictError, NotFoundError } from '@alpes/seedwork';
import type { EstadoPago } from './pago.aggregate';

export const PagoErrors = {
  noEncontrado: (id: string) => new NotFoundError('PAGO.NO_ENCONTRADO', `Payout ${id} does not exist`, { details: { pago_id: id } }),
  sinComisiones: (afiliadoId: string, moneda: string | null) =>
    new BusinessRuleError('PAGO.SIN_COMISIONES', `Affiliate ${afiliadoId} has no APROBADA commissions to pay${moneda ? ` in ${moneda}` : ''}`, {
      details: { afiliado_id: afiliadoId, moneda },
    }),
  monedaRequerida: (afiliadoId: string, monedas: readonly string[]) =>
    new BusinessRuleError('PAGO.MONEDA_REQUERIDA', `Affiliate ${afiliadoId} has commissions in ${monedas.join(', ')}: say which moneda to pay`, {
      details: { afiliado_id: afiliadoId, monedas: [...monedas] },
    }),
  saldoNoPositivo: (afiliadoId: string, total: string, moneda: string) =>
    new BusinessRuleError('PAGO.SALDO_NO_POSITIVO', `Pending adjustments leave ${total} ${moneda} for affiliate ${afiliadoId}: nothing to pay`, {
      details: { afiliado_id: afiliadoId, total, moneda },
    }),
  montoMinimo: (total: string, minimo: string, moneda: string) =>
    new BusinessRuleError('PAGO.MONTO_MINIMO', `The payout would be ${total} ${moneda}, below the minimum of ${minimo} ${moneda}`, {
      details: { total, minimo, moneda },
    }),
  yaEjecutado: (id: string, estado: EstadoPago) =>
    new ConflictError('PAGO.YA_EJECUTADO', `Payout ${id} is ${estado}: it can be executed only once, from PROGRAMADO`, {
      details: { pago_id: id, estado },
    }),
  enProceso: (id: string, reanudableEn: Date) =>
    new ConflictError('PAGO.YA_EJECUTADO', `Payout ${id} is EN_PROCESO: the provider is being called; if it never finishes, execute it again after ${reanudableEn.toISOString()}`, {
      details: { pago_id: id, estado: 'EN_PROCESO', reanudable_en: reanudableEn.toISOString() },
    }),
};
