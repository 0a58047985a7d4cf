import { PageRequest } from './page-request.value-object';
import { codeOf } from '../test/domain-error-code';

describe('PageRequest', () => {
  it('defaults to page 1 and limit 20', () => {
    const request = PageRequest.of();
    expect([request.page, request.limit, request.offset]).toEqual([1, 20, 0]);
    expect(PageRequest.of({ page: '', limit: undefined }).limit).toBe(20);
  });

  it('parses query-string values and computes the offset', () => {
    const request = PageRequest.of({ page: '3', limit: '25' });
    expect([request.page, request.limit, request.offset]).toEqual([3, 25, 50]);
    expect(PageRequest.of({ limit: 100 }).limit).toBe(100);
  });

  it.each([0, -1, 1.5, '0', 'abc', '2.0', NaN, {}])('rejects page %p', (page) => {
    expect(codeOf(() => PageRequest.of({ page }))).toBe('PAGINACION.PAGINA_INVALIDA');
  });

  it.each([0, 101, '101', -5, 'x', 2.5])('rejects limit %p (max 100)', (limit) => {
    expect(codeOf(() => PageRequest.of({ limit }))).toBe('PAGINACION.LIMITE_INVALIDO');
  });

  it('accepts another maximum and default when a list needs it', () => {
    expect(PageRequest.of({ limit: 1000 }, { maxLimit: 1000 }).limit).toBe(1000);
    expect(PageRequest.of({}, { defaultLimit: 10, maxLimit: 1000 }).limit).toBe(10);
    expect(codeOf(() => PageRequest.of({ limit: 1001 }, { maxLimit: 1000 }))).toBe('PAGINACION.LIMITE_INVALIDO');
  });

  it('builds the { items, total, page, limit } answer', () => {
    expect(PageRequest.of({ page: 2, limit: 2 }).toPaginated(['c', 'd'], 5)).toEqual({
      items: ['c', 'd'],
      total: 5,
      page: 2,
      limit: 2,
    });
    expect(() => PageRequest.of({ limit: 1 }).toPaginated(['a', 'b'], 2)).toThrow(/limit is 1/);
  });
});
