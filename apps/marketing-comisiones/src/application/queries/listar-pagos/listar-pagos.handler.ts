import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { Pago } from '../../../domain/pago/pago.aggregate';
import { PAGO_REPOSITORY, type PagoRepository } from '../../../domain/pago/pago.repository.port';
import type { ListarPagosQuery } from './listar-pagos.query';

@Injectable()
export class ListarPagosHandler implements IQueryHandler<ListarPagosQuery, Paginated<Pago>> {
  constructor(@Inject(PAGO_REPOSITORY) private readonly pagos: PagoRepository) {}

  async execute(query: ListarPagosQuery): Promise<Paginated<Pago>> {
    const { items, total } = await this.pagos.listar({ afiliadoId: query.afiliadoId }, query.pagina.offset, query.pagina.limit);
    return query.pagina.toPaginated(items, total);
  }
}
