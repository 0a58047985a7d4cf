import { Query, type QueryOptions } from '@alpes/seedwork';

export class ObtenerFraudeQuery extends Query {
  constructor(
    readonly campanaId: string | undefined,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
