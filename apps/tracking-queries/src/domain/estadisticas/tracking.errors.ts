import { NotFoundError, ValidationError } from '@alpes/seedwork';
import type { Ambito } from '../proyeccion/ambito';

export class ImpresionNoEncontradaError extends NotFoundError {
  constructor(id: string) {
    super('TRACKING.IMPRESION_NO_ENCONTRADA', `No impression ${id} has been projected`, { details: { id } });
  }
}

export class ConversionNoEncontradaError extends NotFoundError {
  constructor(id: string) {
    super('TRACKING.CONVERSION_NO_ENCONTRADA', `No conversion ${id} has been projected`, { details: { id } });
  }
}

/** No event ever mentioned this campaign or affiliate (a known one with no activity answers zeros). */
export class AmbitoNoEncontradoError extends NotFoundError {
  constructor(ambito: Ambito, id: string) {
    super(
      ambito === 'campana' ? 'TRACKING.CAMPANA_NO_ENCONTRADA' : 'TRACKING.AFILIADO_NO_ENCONTRADO',
      ambito === 'campana' ? `No event mentions campaign ${id}` : `No event mentions affiliate ${id}`,
      { details: { id } },
    );
  }
}

export class MonedaInvalidaError extends ValidationError {
  constructor(moneda: string) {
    super('TRACKING.MONEDA_INVALIDA', 'moneda must be an ISO-4217 code of 3 uppercase letters', { details: { moneda }, field: 'moneda' });
  }
}
