import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import type { ListarComisionesQuery } from './listar-comisiones.query';

@Injectable()
export class ListarComisionesHandler implements IQueryHandler<ListarComisionesQuery, Paginated<Comision>> {
  constructor(@Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository) {}

  async execute(query: ListarComisionesQuery): Promise<Paginated<Comision>> {
    const { items, total } = await this.comisiones.listar(query.filtro, query.pagina.offset, query.pagina.limit);
    return query.pagina.toPaginated(items, total);
  }
}
