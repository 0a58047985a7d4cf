import { Query, type PageRequest } from '@alpes/seedwork';
import type { EstadoCampana } from '../../../domain/campana/estado-campana';

export class ListarCampanasQuery extends Query {
  constructor(
    readonly pagina: PageRequest,
    readonly estado?: EstadoCampana,
  ) {
    super();
  }
}
