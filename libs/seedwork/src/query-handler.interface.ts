import { Query } from './query.base';

export interface IQueryHandler<Q extends Query, R> {
  execute(query: Q): Promise<R>;
}
