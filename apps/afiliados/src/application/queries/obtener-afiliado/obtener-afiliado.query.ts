import { Query, QueryOptions } from '@alpes/seedwork';

export class ObtenerAfiliadoQuery extends Query {
  constructor(
    readonly afiliadoId: string,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
