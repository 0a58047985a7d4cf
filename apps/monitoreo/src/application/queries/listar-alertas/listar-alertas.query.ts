import { Query, type PageRequest, type QueryOptions } from '@alpes/seedwork';
import type { EstadoAlerta } from '../../../domain/alerta/alerta.aggregate';

export class ListarAlertasQuery extends Query {
  constructor(
    readonly estado: EstadoAlerta | undefined,
    readonly pagina: PageRequest,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
