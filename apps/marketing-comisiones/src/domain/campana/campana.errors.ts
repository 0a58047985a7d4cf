import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '@alpes/seedwork';
import type { EstadoCampana } from './estado-campana';

export const CampanaErrors = {
  noEncontrada: (id: string) => new NotFoundError('CAMPANA.NO_ENCONTRADA', `Campaign ${id} does not exist`, { details: { campana_id: id } }),
  idEnConflicto: (id: string) =>
    new ConflictError('CAMPANA.ID_EN_CONFLICTO', `Campaign ${id} already exists with different content`, { details: { campana_id: id } }),
  transicionInvalida: (desde: EstadoCampana, hacia: EstadoCampana) =>
    new ConflictError('CAMPANA.TRANSICION_INVALIDA', `A campaign in ${desde} cannot move to ${hacia}`, { details: { desde, hacia } }),
  finalizada: (id: string) =>
    new ConflictError('CAMPANA.FINALIZADA', `Campaign ${id} is FINALIZADA: its affiliates can no longer change`, { details: { campana_id: id } }),
  afiliadoDesconocido: (afiliadoId: string) =>
    new NotFoundError('CAMPANA.AFILIADO_DESCONOCIDO', `Affiliate ${afiliadoId} is unknown to marketing-comisiones`, {
      details: { afiliado_id: afiliadoId },
    }),
  afiliadoNoActivo: (afiliadoId: string, estado: string) =>
    new BusinessRuleError('CAMPANA.AFILIADO_NO_ACTIVO', `Affiliate ${afiliadoId} is ${estado}; only ACTIVO affiliates can be assigned`, {
      details: { afiliado_id: afiliadoId, estado },
    }),
  afiliadoNoAsignado: (campanaId: string, afiliadoId: string) =>
    new NotFoundError('CAMPANA.AFILIADO_NO_ASIGNADO', `Affiliate ${afiliadoId} is not assigned to campaign ${campanaId}`, {
      details: { campana_id: campanaId, afiliado_id: afiliadoId },
    }),
  presupuestoAgotado: (id: string) =>
    new BusinessRuleError('CAMPANA.PRESUPUESTO_AGOTADO', `Campaign ${id} has no budget left`, { details: { campana_id: id } }),
  presupuestoInsuficiente: (id: string, disponible: string, requerido: string) =>
    new BusinessRuleError('CAMPANA.PRESUPUESTO_INSUFICIENTE', `Campaign ${id} has ${disponible} left, ${requerido} needed`, {
      details: { campana_id: id, presupuesto_disponible: disponible, requerido },
    }),
  fechaFinVencida: (id: string, fechaFin: Date) =>
    new BusinessRuleError('CAMPANA.FECHA_FIN_VENCIDA', `Campaign ${id} ended on ${fechaFin.toISOString()}`, {
      details: { campana_id: id, fecha_fin: fechaFin.toISOString() },
    }),
  fechasInvalidas: (inicio: Date, fin: Date) =>
    new ValidationError('CAMPANA.FECHAS_INVALIDAS', 'fecha_fin must be after fecha_inicio', {
      details: { fecha_inicio: inicio.toISOString(), fecha_fin: fin.toISOString() },
      field: 'fecha_fin',
    }),
  ventanaInvalida: (dias: unknown) =>
    new ValidationError('CAMPANA.VENTANA_INVALIDA', 'ventana_atribucion_dias must be an integer between 1 and 365', {
      details: { ventana_atribucion_dias: dias },
      field: 'ventana_atribucion_dias',
    }),
  presupuestoInvalido: (presupuesto: string) =>
    new ValidationError('CAMPANA.PRESUPUESTO_INVALIDO', 'presupuesto must be greater than 0', { details: { presupuesto }, field: 'presupuesto' }),
  textoInvalido: (campo: string) =>
    new ValidationError('CAMPANA.TEXTO_INVALIDO', `${campo} must be a non-empty text`, { details: { campo } }),
  sinReglas: () => new ValidationError('CAMPANA.SIN_REGLAS', 'reglas_comision must hold at least one rule', { field: 'reglas_comision' }),
  reglaInvalida: (indice: number, motivo: string, mensaje: string, extra: Record<string, unknown> = {}) =>
    new ValidationError('CAMPANA.REGLA_INVALIDA', `reglas_comision[${indice}]: ${mensaje}`, { details: { indice, motivo, ...extra }, field: `reglas_comision[${indice}]` }),
  reglaDuplicada: (indice: number, tipoEvento: string, tipoConversion: string | null) =>
    new ValidationError(
      'CAMPANA.REGLA_DUPLICADA',
      `reglas_comision[${indice}]: there is already a rule for ${tipoEvento}${tipoConversion ? `/${tipoConversion}` : ''}`,
      { details: { indice, tipo_evento: tipoEvento, tipo_conversion: tipoConversion }, field: `reglas_comision[${indice}]` },
    ),
};
