import { ConflictError, NotFoundError } from '@alpes/seedwork';

export class ReconstruccionEnCursoError extends ConflictError {
  constructor(id: string) {
    super('RECONSTRUCCION.EN_CURSO', `Rebuild ${id} is still running; wait for it to finish`, { details: { rebuild_id: id } });
  }
}

export class ReconstruccionNoEncontradaError extends NotFoundError {
  constructor(id?: string) {
    super(
      'RECONSTRUCCION.NO_ENCONTRADA',
      id ? `No rebuild ${id}` : 'No rebuild has been requested yet',
      id ? { details: { rebuild_id: id } } : {},
    );
  }
}
