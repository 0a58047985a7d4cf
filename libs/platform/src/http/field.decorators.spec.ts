import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { hasAtMostDecimals, isDateTimeWithZone, IsDecimalNumber, IsOptionalNotNull, IsQueryInt, normalizeUuid, NormalizeUuid } from './field.decorators';
import { PaginationQueryDto } from './pagination.dto';

class Dto {
  @IsDecimalNumber(4) monto!: number;
  @IsOptionalNotNull() @IsString() nota?: string;
  @IsOptionalNotNull() @IsQueryInt({ min: 1, max: 100 }) limit?: number;
  @IsOptionalNotNull() @NormalizeUuid() @IsString({ each: true }) ids?: string[];
}

function errorsOf(plain: object): Record<string, string[]> {
  const dto = plainToInstance(Dto, plain);
  return Object.fromEntries(validateSync(dto).map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('platform field decorators', () => {
  it.each([
    [1, true],
    [1.2345, true],
    [1.23456, false],
    [1e-7, false],
    [5e-324, false],
    [1e21, true],
    [-0.0001, true],
    [Number.NaN, false],
    [Infinity, false],
    ['1', false],
  ])('hasAtMostDecimals(%p, 4) is %p', (value, ok) => {
    expect(hasAtMostDecimals(value, 4)).toBe(ok);
  });

  it('IsDecimalNumber refuses exponent forms with too many decimals instead of throwing', () => {
    expect(errorsOf({ monto: 1e-7 })).toEqual({ monto: ['monto must be a number with at most 4 decimals'] });
    expect(errorsOf({ monto: 12.5 })).toEqual({});
  });

  it('IsOptionalNotNull: absent is fine, null is refused', () => {
    expect(errorsOf({ monto: 1 })).toEqual({});
    expect(errorsOf({ monto: 1, nota: null }).nota).toContain('nota must not be null (leave it out instead)');
  });

  it.each(['1e3', '0x10', ' 5', '5 ', '1.0', '-1', '+1', '', '0', '101', '1234567890123456'])('IsQueryInt refuses %j', (limit) => {
    expect(Object.keys(errorsOf({ monto: 1, limit }))).toEqual(['limit']);
  });

  it('IsQueryInt reads plain digits', () => {
    expect(plainToInstance(Dto, { monto: 1, limit: '007' }).limit).toBe(7);
    expect(errorsOf({ monto: 1, limit: '100' })).toEqual({});
  });

  it('PaginationQueryDto uses it for page and limit', () => {
    const bad = validateSync(plainToInstance(PaginationQueryDto, { page: '1e3', limit: '0x10' })).map((e) => e.property);
    expect(bad.sort()).toEqual(['limit', 'page']);
    expect(plainToInstance(PaginationQueryDto, { page: '2', limit: '5' })).toEqual({ page: 2, limit: 5 });
    expect(validateSync(plainToInstance(PaginationQueryDto, { page: '9007199254740991' }))).toEqual([]);
    expect(validateSync(plainToInstance(PaginationQueryDto, { page: '9007199254740992' })).map((e) => e.property)).toEqual(['page']);
  });

  it('normalizeUuid lower-cases UUIDs only', () => {
    expect(normalizeUuid('ACDE070D-8C4C-4F0D-9D8A-162843C10111')).toBe('acde070d-8c4c-4f0d-9d8a-162843c10111');
    expect(normalizeUuid('Conv-ABC')).toBe('Conv-ABC');
    expect(normalizeUuid(['ACDE070D-8C4C-4F0D-9D8A-162843C10111', 'X'])).toEqual(['acde070d-8c4c-4f0d-9d8a-162843c10111', 'X']);
    expect(plainToInstance(Dto, { monto: 1, ids: ['ACDE070D-8C4C-4F0D-9D8A-162843C10111'] }).ids).toEqual(['acde070d-8c4c-4f0d-9d8a-162843c10111']);
    expect(normalizeUuid(5)).toBe(5);
  });
});

describe('isDateTimeWithZone', () => {
  it.each(['2025-07-01T00:00:00Z', '2025-07-01T10:04:30.123-05:00', '2025-07-01T10:04+0130', '2025-07-01T10:04:30z'])('%s is accepted', (text) => {
    expect(isDateTimeWithZone(text)).toBe(true);
  });

  it.each(['2026-01-01', '2026-01-01T10:00:00', '2026-02-30T10:00:00Z', '2026-01-01 10:00:00Z', 'ayer', '', 20260101])(
    '%j is refused (a date alone or a time without its zone names another instant on each server)',
    (value) => {
      expect(isDateTimeWithZone(value)).toBe(false);
    },
  );
});
