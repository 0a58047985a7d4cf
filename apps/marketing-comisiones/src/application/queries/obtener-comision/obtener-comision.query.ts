import { Query } from '@alpes/seedwork';

/** By commission id, or by the conversion it comes from. */
export class ObtenerComisionQuery extends Query {
  constructor(readonly criterio: { readonly comisionId: string } | { readonly conversionId: string }) {
    super();
  }
}
