import { ConflictError, NotFoundError } from '@alpes/seedwork';
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
