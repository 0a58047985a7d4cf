import { Inject, Injectable } from '@nestjs/common';
import { ValidationError, type IQueryHandler } from '@alpes/seedwork';
import type { RegistroEvento } from '../../../domain/evento-log/registro-evento';
import { EVENTOS_REPOSITORY, type EventosRepository } from '../../../domain/metricas/metricas.repository.port';
import { LIMITE_EVENTOS_MAXIMO, ListarEventosQuery } from './listar-eventos.query';

/** The newest events of the log matching the filters, and how many match in all. */
@Injectable()
export class ListarEventosHandler implements IQueryHandler<ListarEventosQuery, { items: RegistroEvento[]; total: number; limite: number }> {
  constructor(@Inject(EVENTOS_REPOSITORY) private readonly eventos: EventosRepository) {}

  async execute(query: ListarEventosQuery): Promise<{ items: RegistroEvento[]; total: number; limite: number }> {
    if (!Number.isSafeInteger(query.limite) || query.limite < 1 || query.limite > LIMITE_EVENTOS_MAXIMO) {
      throw new ValidationError('MONITOREO.LIMITE_INVALIDO', `limit must be an integer from 1 to ${LIMITE_EVENTOS_MAXIMO}`, { details: { limit: query.limite }, field: 'limit' });
    }
    const { items, total } = await this.eventos.listar(query.filtro, query.limite);
    return { items, total, limite: query.limite };
  }
}
