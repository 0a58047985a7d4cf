import { Query, type PageRequest } from '@alpes/seedwork';
import type { ComisionFiltro } from '../../../domain/comision/comision.repository.port';

export class ListarComisionesQuery extends Query {
  constructor(
    readonly pagina: PageRequest,
    readonly filtro: ComisionFiltro = {},
  ) {
    super();
  }
}
