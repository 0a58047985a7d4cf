import { Query } from '@alpes/seedwork';

/** One rebuild by id, or the latest one when `id` is null (GET /admin/rebuild/status). */
export class ObtenerReconstruccionQuery extends Query {
  constructor(readonly id: string | null) {
    super();
  }
}
