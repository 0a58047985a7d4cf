import { Percentage } from './percentage.value-object';
import { codeOf } from '../test/domain-error-code';

describe('Percentage', () => {
  it('accepts 0 to 100 inclusive, exactly', () => {
    expect(Percentage.of(0).toString()).toBe('0');
    expect(Percentage.of(100).toString()).toBe('100');
    expect(Percentage.of('12.5').toNumber()).toBe(12.5);
    expect(Percentage.of(0.1).asFraction().toString()).toBe('0.001');
    expect(Percentage.of('33.333').asFraction().toString()).toBe('0.33333');
  });

  it.each([-0.0001, 100.0001, '101', -1])('rejects %p with PERCENTAGE.FUERA_DE_RANGO', (value) => {
    expect(codeOf(() => Percentage.of(value))).toBe('PERCENTAGE.FUERA_DE_RANGO');
  });

  it.each([NaN, Infinity, 'abc', '', '10%'])('rejects %p with PERCENTAGE.VALOR_INVALIDO', (value) => {
    expect(codeOf(() => Percentage.of(value))).toBe('PERCENTAGE.VALOR_INVALIDO');
  });

  it('is equal by value', () => {
    expect(Percentage.of('12.50').equals(Percentage.of(12.5))).toBe(true);
    expect(Percentage.of(12.5).equals(Percentage.of(12.51))).toBe(false);
  });
});
