import { Query, type QueryOptions } from '@alpes/seedwork';
import type { FiltroEventos } from '../../../domain/metricas/metricas.repository.port';

export const LIMITE_EVENTOS_DEFECTO = 10;
export const LIMITE_EVENTOS_MAXIMO = 1000;

export class ListarEventosQuery extends Query {
  constructor(
    readonly filtro: FiltroEventos,
    readonly limite: number = LIMITE_EVENTOS_DEFECTO,
    options: QueryOptions = {},
  ) {
    super(options);
  }
}
