import { Query, type QueryOptions } from '@alpes/seedwork';

export class ObtenerConversionQuery extends Query {
  constructor(
    readonly id: string,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
