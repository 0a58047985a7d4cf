import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import type { ListarCampanasQuery } from './listar-campanas.query';

@Injectable()
export class ListarCampanasHandler implements IQueryHandler<ListarCampanasQuery, Paginated<Campana>> {
  constructor(@Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository) {}

  async execute(query: ListarCampanasQuery): Promise<Paginated<Campana>> {
    const { items, total } = await this.campanas.listar({ estado: query.estado }, query.pagina.offset, query.pagina.limit);
    return query.pagina.toPaginated(items, total);
  }
}
