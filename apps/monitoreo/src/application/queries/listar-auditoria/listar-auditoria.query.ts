import { Query, type PageRequest, type QueryOptions } from '@alpes/seedwork';
import type { FiltroAuditoria } from '../../../domain/auditoria/accion-auditada';

export class ListarAuditoriaQuery extends Query {
  constructor(
    readonly filtro: FiltroAuditoria,
    readonly pagina: PageRequest,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
