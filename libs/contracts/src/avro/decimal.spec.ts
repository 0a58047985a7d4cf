import { Type } from 'avsc';
import {
  bigintToTwosComplement,
  DecimalType,
  formatDecimal,
  isDecimalString,
  normalizeDecimal,
  parseDecimal,
  twosComplementToBigint,
} from './decimal';
import { parseSchema } from './parse-schema';

const MONEY = parseSchema({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 } as never);
const PCT = parseSchema({ type: 'bytes', logicalType: 'decimal', precision: 9, scale: 4 } as never);
const INT_DEC = parseSchema({ type: 'bytes', logicalType: 'decimal', precision: 5 } as never);

const roundTrip = (type: Type, v: string): string => type.fromBuffer(type.toBuffer(v));

describe('decimal logical type', () => {
  it('is a DecimalType registered through logicalTypes', () => {
    expect(MONEY).toBeInstanceOf(DecimalType);
    expect((MONEY as DecimalType).precision).toBe(18);
    expect((MONEY as DecimalType).scale).toBe(4);
    expect(INT_DEC).toBeInstanceOf(DecimalType);
    expect((INT_DEC as DecimalType).scale).toBe(0);
  });

  it.each([
    ['0.1', '0.1000'],
    ['0.10', '0.1000'],
    ['123.45', '123.4500'],
    ['123.4500', '123.4500'],
    ['123.450000', '123.4500'],
    ['-0.0001', '-0.0001'],
    ['-12', '-12.0000'],
    ['+7.5', '7.5000'],
    ['0', '0.0000'],
    ['-0', '0.0000'],
    ['000150000.0', '150000.0000'],
    ['99999999999999.9999', '99999999999999.9999'],
    ['-99999999999999.9999', '-99999999999999.9999'],
    ['0.0003', '0.0003'],
    ['127', '127.0000'],
    ['-128', '-128.0000'],
  ])('money %s round-trips exactly as %s', (input, normalised) => {
    expect(roundTrip(MONEY, input)).toBe(normalised);
    expect(normalizeDecimal(input, 4, 18)).toBe(normalised);
  });

  it('is exact where binary floating point is not: 0.1 + 0.2', () => {
    const a = parseDecimal(roundTrip(MONEY, '0.1'), 4);
    const b = parseDecimal(roundTrip(MONEY, '0.2'), 4);
    expect(formatDecimal(a + b, 4)).toBe('0.3000');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it('keeps every digit of the full decimal(18,4) range (beyond 2^53)', () => {
    const big = '12345678901234.5678'; // 18 significant digits, > Number.MAX_SAFE_INTEGER unscaled
    expect(roundTrip(MONEY, big)).toBe(big);
    expect(String(Number(big.replace('.', '')))).not.toBe(big.replace('.', '')); // a JS number would lose digits
  });

  it('writes the Avro wire format: big-endian two\'s complement of the unscaled value', () => {
    expect(MONEY.toBuffer('0.0001')).toEqual(Buffer.from([0x02, 0x01])); // length 1, 0x01
    expect(MONEY.toBuffer('-0.0001')).toEqual(Buffer.from([0x02, 0xff]));
    expect(MONEY.toBuffer('0.0128')).toEqual(Buffer.from([0x04, 0x00, 0x80])); // 128 needs a sign byte
    expect(MONEY.toBuffer('-0.0128')).toEqual(Buffer.from([0x02, 0x80]));
    expect(MONEY.toBuffer('0')).toEqual(Buffer.from([0x02, 0x00]));
    for (const n of [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, -32768n, 10n ** 18n - 1n, -(10n ** 18n - 1n)]) {
      expect(twosComplementToBigint(bigintToTwosComplement(n))).toBe(n);
    }
  });

  it('applies the scale of the schema', () => {
    expect(roundTrip(PCT, '15')).toBe('15.0000');
    expect(roundTrip(PCT, '12.5')).toBe('12.5000');
    expect(roundTrip(INT_DEC, '12')).toBe('12');
    expect(roundTrip(INT_DEC, '-99999')).toBe('-99999');
  });

  it.each([
    ['a JS number', 0.1],
    ['too many decimals (no silent rounding)', '0.12345'],
    ['more digits than the precision', '1234567890123456.7890'],
    ['an exponent', '1e3'],
    ['a comma', '1,5'],
    ['empty', ''],
    ['spaces', ' 1.5'],
    ['NaN', 'NaN'],
    ['null', null],
    ['a bigint', 10n],
  ])('refuses %s', (_label, value) => {
    expect(MONEY.isValid(value)).toBe(false);
    expect(() => MONEY.toBuffer(value)).toThrow();
    expect(isDecimalString(value, 4, 18)).toBe(false);
  });

  it('refuses on decode bytes that exceed the precision or are empty', () => {
    const digits19 = bigintToTwosComplement(10n ** 18n); // 19 digits
    const tooBig = Buffer.concat([Type.forSchema('long').toBuffer(digits19.length), digits19]);
    expect(() => MONEY.fromBuffer(tooBig)).toThrow(/exceeds/);
    expect(() => MONEY.fromBuffer(Buffer.from([0x00]))).toThrow(/empty/);
  });

  it('resolves a decimal with the same scale and a smaller precision, refuses another scale', () => {
    expect(MONEY.fromBuffer(PCT.toBuffer('15.5'), MONEY.createResolver(PCT))).toBe('15.5000');
    expect(() => MONEY.createResolver(INT_DEC)).toThrow();
    expect(() => PCT.createResolver(MONEY)).toThrow();
  });

  it('exports precision and scale in the schema', () => {
    expect(MONEY.schema({ exportAttrs: true })).toEqual({ type: 'bytes', logicalType: 'decimal', precision: 18, scale: 4 });
  });

  it('random() produces valid values', () => {
    for (let i = 0; i < 200; i++) {
      const v = MONEY.random() as unknown as string;
      expect(isDecimalString(v, 4, 18)).toBe(true);
      expect(roundTrip(MONEY, v)).toBe(v);
    }
  });

  it('rejects decimal schemas it cannot honour', () => {
    expect(() => parseSchema({ type: 'bytes', logicalType: 'decimal' } as never)).toThrow(/precision/);
    expect(() => parseSchema({ type: 'bytes', logicalType: 'decimal', precision: 4, scale: 5 } as never)).toThrow(/scale/);
    expect(() => parseSchema({ type: 'fixed', name: 'F', size: 8, logicalType: 'decimal', precision: 4 } as never)).toThrow(/bytes/);
  });
});
