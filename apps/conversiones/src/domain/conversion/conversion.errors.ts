import { BusinessRuleError, ConflictError, NotFoundError } from '@alpes/seedwork';
import type { EstadoConversion } from './value-objects/estado-conversion';

export class ConversionNoEncontradaError extends NotFoundError {
  constructor(id: string) {
    super('CONVERSION.NO_ENCONTRADA', `Conversion ${id} does not exist (or has not been processed yet)`, {
      details: { id },
    });
  }
}

/** The action is not allowed from the conversion's current state (HTTP 409). */
export class TransicionConversionInvalidaError extends ConflictError {
  constructor(id: string, estado: EstadoConversion, accion: 'validar' | 'rechazar' | 'revertir') {
    super('CONVERSION.TRANSICION_INVALIDA', `Conversion ${id} is ${estado}: it cannot ${accion}`, {
      details: { id, estado, accion },
    });
  }
}

/** The same client-supplied id was used for a conversion with different content (HTTP 409). */
export class ConversionIdDuplicadoError extends ConflictError {
  constructor(id: string) {
    super('CONVERSION.ID_DUPLICADO', `Conversion id ${id} was already used for a different conversion`, { details: { id } });
  }
}

/** The conversion names a campaign or affiliate other than its click's (HTTP 422; the click is already known). */
export class ClickNoCorrespondeError extends BusinessRuleError {
  constructor(clickId: string, detalle: string) {
    super('CONVERSION.CLICK_NO_CORRESPONDE', detalle, { details: { click_id: clickId } });
  }
}

/**
 * A revert of this conversion was already accepted (HTTP 409): exactly one revert per conversion is accepted; once it
 * is applied the conversion is REVERTIDA and a further revert is `CONVERSION.TRANSICION_INVALIDA`.
 */
export class ReversionEnCursoError extends ConflictError {
  constructor(id: string) {
    super('CONVERSION.REVERSION_EN_CURSO', `A revert of conversion ${id} was already accepted`, { details: { id } });
  }
}
