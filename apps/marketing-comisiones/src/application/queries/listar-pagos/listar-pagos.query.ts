import { Query, type PageRequest } from '@alpes/seedwork';

export class ListarPagosQuery extends Query {
  constructor(
    readonly pagina: PageRequest,
    readonly afiliadoId?: string,
  ) {
    super();
  }
}
