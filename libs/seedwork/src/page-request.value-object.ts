import { Paginated } from './paginated.interface';
import { ValidationError } from './domain.error';

export interface PageRequestInput {
  /** 1-based; a number or a numeric query-string value. Absent or '' → 1. */
  page?: unknown;
  /** Absent or '' → the default limit. */
  limit?: unknown;
}

export interface PageRequestOptions {
  defaultLimit?: number;
  maxLimit?: number;
}

/** Validated `page`/`limit` of a list request, with the offset a repository needs. */
export class PageRequest {
  static readonly DEFAULT_LIMIT = 20;
  static readonly MAX_LIMIT = 100;

  private constructor(
    readonly page: number,
    readonly limit: number,
  ) {
    Object.freeze(this);
  }

  /**
   * Throws `PAGINACION.PAGINA_INVALIDA` / `PAGINACION.LIMITE_INVALIDO` (validation) for anything but a positive
   * integer, and for a limit above `maxLimit` (100 unless told otherwise).
   */
  static of(input: PageRequestInput = {}, options: PageRequestOptions = {}): PageRequest {
    const maxLimit = options.maxLimit ?? PageRequest.MAX_LIMIT;
    const defaultLimit = Math.min(options.defaultLimit ?? PageRequest.DEFAULT_LIMIT, maxLimit);
    const page = parsePositiveInteger(input.page, 1);
    if (page === null) {
      throw new ValidationError('PAGINACION.PAGINA_INVALIDA', 'page must be an integer greater than 0', {
        details: { page: input.page },
      });
    }
    const limit = parsePositiveInteger(input.limit, defaultLimit);
    if (limit === null || limit > maxLimit) {
      throw new ValidationError('PAGINACION.LIMITE_INVALIDO', `limit must be an integer between 1 and ${maxLimit}`, {
        details: { limit: input.limit, max: maxLimit },
      });
    }
    return new PageRequest(page, limit);
  }

  /** Number of items to skip. */
  get offset(): number {
    return (this.page - 1) * this.limit;
  }

  toPaginated<T>(items: T[], total: number): Paginated<T> {
    if (items.length > this.limit) {
      throw new Error(`Page holds ${items.length} items but the limit is ${this.limit}`);
    }
    return { items, total, page: this.page, limit: this.limit };
  }
}

function parsePositiveInteger(value: unknown, fallback: number): number | null {
  if (value === undefined || value === null || value === '') return fallback;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+$/.test(value.trim())) n = Number(value.trim());
  else return null;
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
