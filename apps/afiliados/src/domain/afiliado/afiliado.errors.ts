import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '@alpes/seedwork';
import type { EstadoAfiliado } from './value-objects/estado-afiliado';

export class AfiliadoNoEncontradoError extends NotFoundError {
  constructor(id: string) {
    super('AFILIADO.NO_ENCONTRADO', `Afiliado ${id} no existe`, { details: { id } });
  }
}

/** The state machine PENDIENTE → ACTIVO ⇄ SUSPENDIDO does not allow `desde → hacia`. */
export class TransicionInvalidaError extends ConflictError {
  constructor(desde: EstadoAfiliado, hacia: EstadoAfiliado, accion: string) {
    super('AFILIADO.TRANSICION_INVALIDA', `No se puede ${accion} un afiliado en estado ${desde}`, {
      details: { desde, hacia },
    });
  }
}

export class EmailDuplicadoError extends ConflictError {
  constructor(email: string) {
    super('AFILIADO.EMAIL_DUPLICADO', `Ya existe un afiliado con el email ${email}`, { details: { email } });
  }
}

/** A client-supplied id already names an afiliado registered with other data. */
export class IdEnConflictoError extends ConflictError {
  constructor(id: string) {
    super('AFILIADO.ID_EN_CONFLICTO', `El id ${id} ya pertenece a un afiliado registrado con otros datos`, {
      details: { id },
    });
  }
}

/** Someone else changed the afiliado between our read and our write (version mismatch). */
export class ModificacionConcurrenteError extends ConflictError {
  constructor(id: string, version: number) {
    super('AFILIADO.MODIFICACION_CONCURRENTE', `El afiliado ${id} fue modificado por otra petición; reintente`, {
      details: { id, version },
    });
  }
}

export class NombreInvalidoError extends ValidationError {
  constructor(reason: string) {
    super('AFILIADO.NOMBRE_INVALIDO', `nombre inválido: ${reason}`, { field: 'nombre' });
  }
}

export class EmailInvalidoError extends ValidationError {
  constructor(reason: string) {
    super('AFILIADO.EMAIL_INVALIDO', `email inválido: ${reason}`, { field: 'email' });
  }
}

export class TipoAfiliadoInvalidoError extends ValidationError {
  constructor(value: unknown) {
    super('AFILIADO.TIPO_INVALIDO', 'tipo_afiliado debe ser basico, premium o influencer', {
      details: { tipo_afiliado: String(value) },
      field: 'tipo_afiliado',
    });
  }
}

export class ComisionInvalidaError extends ValidationError {
  constructor(campo: string, value: unknown, reason: string) {
    super('AFILIADO.COMISION_INVALIDA', `${campo} inválida: ${reason}`, { details: { campo, valor: String(value) } });
  }
}

/** Business rule: a premium percentage below the base one would make "premium" a downgrade. */
export class ComisionPremiumInferiorABaseError extends BusinessRuleError {
  constructor(comisionBase: string, comisionPremium: string) {
    super(
      'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE',
      'comision_premium no puede ser menor que comision_base',
      { details: { comision_base: comisionBase, comision_premium: comisionPremium } },
    );
  }
}

export class MotivoRequeridoError extends ValidationError {
  constructor(reason = 'el motivo es obligatorio') {
    super('AFILIADO.MOTIVO_REQUERIDO', reason, { field: 'motivo' });
  }
}

export class PaisInvalidoError extends ValidationError {
  constructor(value: unknown) {
    super('AFILIADO.PAIS_INVALIDO', 'pais debe ser un código ISO 3166-1 alpha-2', { details: { pais: String(value) }, field: 'pais' });
  }
}

export class RedesSocialesInvalidasError extends ValidationError {
  constructor(reason: string) {
    super('AFILIADO.REDES_SOCIALES_INVALIDAS', `redes_sociales inválidas: ${reason}`, { field: 'redes_sociales' });
  }
}

/**
 * Raised by the repository when an insert finds the id already taken (a concurrent registration with the same id);
 * the registration handler resolves it into an idempotent replay or `IdEnConflictoError`.
 */
export class AfiliadoYaRegistradoError extends ConflictError {
  constructor(id: string) {
    super('AFILIADO.ID_EN_CONFLICTO', `El id ${id} ya está registrado`, { details: { id } });
  }
}
