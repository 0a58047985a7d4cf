import { importeExacto } from './importe';

describe('importeExacto', () => {
  it.each([
    ['19.99', '19.99'],
    ['19.9900', '19.99'],
    ['1500', '1500'],
    ['1.5e2', '150'],
    ['0', '0'],
    ['-0', '0'],
    ['999999999999999.9999', '999999999999999.9999'],
    [' 7.25 ', '7.25'],
  ])('%j → %j', (texto, esperado) => {
    expect(importeExacto(texto)).toEqual({ ok: true, valor: esperado });
  });

  it.each([
    ['abc', 'is not a decimal number'],
    ['', 'is not a decimal number'],
    ['1,5', 'is not a decimal number'],
    ['NaN', 'is not a decimal number'],
    ['Infinity', 'is not a decimal number'],
    ['-1', 'must not be negative'],
    ['0.00001', 'has more than 4 decimals'],
    ['1000000000000000', 'is too large (10^15 or more)'],
  ])('%j refused: %s', (texto, problema) => {
    expect(importeExacto(texto)).toEqual({ ok: false, problema });
  });

  it('negatives only when asked (adjustments of contract events)', () => {
    expect(importeExacto('-25.5', { negativo: true })).toEqual({ ok: true, valor: '-25.5' });
  });
});
