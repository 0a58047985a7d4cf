import { Query } from '@alpes/seedwork';
import type { Ambito } from '../../../domain/proyeccion/ambito';

export class ObtenerEstadisticasQuery extends Query {
  constructor(
    readonly ambito: Ambito,
    readonly id: string,
    /** Currency of the amounts; default the campaign's (see `Estadisticas`). */
    readonly moneda?: string,
  ) {
    super();
  }
}
