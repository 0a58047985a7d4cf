import { Query } from '@alpes/seedwork';

export class ObtenerPagoQuery extends Query {
  constructor(readonly pagoId: string) {
    super();
  }
}
