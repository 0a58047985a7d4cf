/** One page of a list, as answered by list endpoints: `{ items, total, page, limit }`. */
export interface Paginated<T> {
  readonly items: T[];
  /** Number of items across all pages. */
  readonly total: number;
  /** 1-based page number. */
  readonly page: number;
  readonly limit: number;
}
