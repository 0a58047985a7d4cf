import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '@alpes/seedwork';
import type { EstadoComision } from './estado-comision';

export const ComisionErrors = {
  noEncontrada: (id: string) => new NotFoundError('COMISION.NO_ENCONTRADA', `Commission ${id} does not exist`, { details: { comision_id: id } }),
  noEncontradaPorConversion: (conversionId: string) =>
    new NotFoundError('COMISION.NO_ENCONTRADA', `No commission for conversion ${conversionId}`, { details: { conversion_id: conversionId } }),
  conversionDuplicada: (conversionId: string, comisionId?: string) =>
    new ConflictError('COMISION.CONVERSION_DUPLICADA', `Conversion ${conversionId} already has a commission`, {
      details: { conversion_id: conversionId, ...(comisionId ? { comision_id: comisionId } : {}) },
    }),
  transicionInvalida: (id: string, desde: EstadoComision, hacia: EstadoComision) =>
    new ConflictError('COMISION.TRANSICION_INVALIDA', `Commission ${id} is ${desde} and cannot become ${hacia}`, {
      details: { comision_id: id, desde, hacia },
    }),
  acumuladoEnCurso: (id: string, periodo: string) =>
    new BusinessRuleError('COMISION.ACUMULADO_EN_CURSO', `Accrual ${id} of ${periodo} is still accruing; approve it once the day is over (UTC)`, {
      details: { comision_id: id, periodo },
    }),
  motivoRequerido: () => new ValidationError('COMISION.MOTIVO_REQUERIDO', 'motivo must be a non-empty text', { field: 'motivo' }),
  noPagable: (id: string, estado: EstadoComision) =>
    new ConflictError('COMISION.NO_PAGABLE', `Commission ${id} (${estado}) cannot be put in a payout`, { details: { comision_id: id, estado } }),
  afiliadoDesconocido: (afiliadoId: string) =>
    new NotFoundError('COMISION.AFILIADO_DESCONOCIDO', `Affiliate ${afiliadoId} is unknown to marketing-comisiones`, {
      details: { afiliado_id: afiliadoId },
    }),
  monedaDistinta: (moneda: string, monedaCampana: string) =>
    new BusinessRuleError('COMISION.MONEDA_DISTINTA', `The commission is in ${moneda} but the campaign in ${monedaCampana}`, {
      details: { moneda, moneda_campana: monedaCampana },
    }),
  datosIncompletos: (campo: string, mensaje: string) =>
    new ValidationError('COMISION.DATOS_INCOMPLETOS', mensaje, { details: { campo } }),
  montoCero: (id: string) =>
    new BusinessRuleError('COMISION.MONTO_CERO', `Commission ${id} is 0: it cannot be approved (nothing to pay); reject it instead`, {
      details: { comision_id: id },
    }),
  /**
   * An amount with more decimals than its currency's minor unit (33.333 USD): refused, never rounded silently. The
   * code every service uses for it (`Money.of`'s), plus the request field.
   */
  decimalesExcedidos: (campo: string, moneda: string, decimales: number) =>
    new ValidationError('MONEY.MONTO_INVALIDO', `${campo} must have at most ${decimales} decimals in ${moneda}`, {
      details: { campo, moneda, decimales_max: decimales, reason: 'demasiados_decimales' },
    }),
  comisionCero: (campo: string, moneda: string) =>
    new ValidationError('COMISION.MONTO_NO_POSITIVO', `the commission rounds to 0 ${moneda}: it must be greater than 0`, { details: { campo, moneda } }),
  montoNoPositivo: (campo: string) =>
    new ValidationError('COMISION.MONTO_NO_POSITIVO', `${campo} must be greater than 0`, { details: { campo } }),
};
