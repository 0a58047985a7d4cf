import { Query } from '@alpes/seedwork';

export class ObtenerImpresionQuery extends Query {
  constructor(readonly id: string) {
    super();
  }
}
