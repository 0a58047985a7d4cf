import { ConflictError, NotFoundError } from '@alpes/seedwork';

export class AlertaYaResueltaError extends ConflictError {
  constructor(id: string) {
    super('MONITOREO.ALERTA_YA_RESUELTA', `La alerta ${id} ya está resuelta`, { details: { id } });
  }
}

export class ReglaNoEncontradaError extends NotFoundError {
  constructor(id: string) {
    super('MONITOREO.REGLA_NO_ENCONTRADA', `No existe la regla de alerta ${id}`, { details: { id } });
  }
}
