import { Query } from '@alpes/seedwork';

export class ObtenerConversionQuery extends Query {
  constructor(readonly id: string) {
    super();
  }
}
