import { PageRequest, Query } from '@alpes/seedwork';
import type { Ambito } from '../../../domain/proyeccion/ambito';

/** Impressions of a campaign or of an affiliate (influencer), newest first. */
export class ListarImpresionesQuery extends Query {
  constructor(
    readonly ambito: Ambito,
    readonly id: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}
