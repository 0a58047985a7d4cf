import { PageRequest, Query, QueryOptions } from '@alpes/seedwork';
import type { FiltroAfiliados } from '../../../domain/afiliado/afiliado.repository.port';

export class ListarAfiliadosQuery extends Query {
  constructor(
    readonly filtro: FiltroAfiliados,
    readonly page: PageRequest,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
