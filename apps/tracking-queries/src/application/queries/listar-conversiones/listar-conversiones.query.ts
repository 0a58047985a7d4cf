import { PageRequest, Query } from '@alpes/seedwork';
import type { Ambito } from '../../../domain/proyeccion/ambito';
import type { EstadoConversion } from '../../../domain/proyeccion/conversion-proyectada.entity';

/** Conversions of a campaign or an affiliate, newest first, optionally in one state. */
export class ListarConversionesQuery extends Query {
  constructor(
    readonly ambito: Ambito,
    readonly id: string,
    readonly page: PageRequest,
    readonly estado?: EstadoConversion,
  ) {
    super();
  }
}
