import { Query } from '@alpes/seedwork';

export class ObtenerCampanaQuery extends Query {
  constructor(readonly campanaId: string) {
    super();
  }
}
