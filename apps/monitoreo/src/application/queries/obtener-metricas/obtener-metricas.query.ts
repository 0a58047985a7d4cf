import { Query, type QueryOptions } from '@alpes/seedwork';
import type { Periodo } from '../../../domain/metricas/periodo';

export class ObtenerMetricasQuery extends Query {
  constructor(
    readonly periodo: Periodo,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
