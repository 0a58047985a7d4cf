import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { fechaDeConsulta } from './fecha-consulta';
import { ListarAuditoriaRequestDto } from './monitoreo.request.dto';

async function camposInvalidos(query: Record<string, string>): Promise<string[]> {
  const errores = await validate(plainToInstance(ListarAuditoriaRequestDto, query), { whitelist: true, forbidNonWhitelisted: true });
  return errores.map((e) => e.property);
}

describe('/auditoria desde/hasta', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['2024-02', '2024-02-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2025-05-01T10:04:30Z', '2025-05-01T10:04:30.000Z'],
    ['2025-05-01T10:04:30.5+00:00', '2025-05-01T10:04:30.500Z'],
    ['2025-05-01T10:04:30.123456-05:00', '2025-05-01T15:04:30.123Z'],
    ['2025-05-01T10:04+0130', '2025-05-01T08:34:00.000Z'],
    ['0000-01-01', '0000-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%s is the instant %s', async (texto, instante) => {
    expect(fechaDeConsulta(texto)?.toISOString()).toBe(instante);
    expect(await camposInvalidos({ desde: texto, hasta: texto })).toEqual([]);
  });

  it.each([
    // ISO 8601 forms new Date cannot read, or reads as another date (-2024 → 2024).
    '2024-W01',
    '2024-W01-1',
    '20240101',
    '-2024-01-01',
    '+2024-01-01',
    '+002024-01-01',
    '2024-001',
    '2024-01-01T10:00:00,5Z',
    '2024-01-01T10Z',
    '2024-01-01T10:00:00+05',
    // Calendar fields that do not exist (new Date rolls 2023-02-29 over to March 1st).
    '2023-02-29',
    '2025-13-01',
    '2025-04-31',
    '2025-01-01T24:00:00Z',
    '2025-01-01T10:60Z',
    '2025-01-01T10:00:00+24:00',
    // Outside 0000–9999 once the offset is applied.
    '10000-01-01',
    '0000-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-05:00',
    'ayer',
    '',
    ' 2024-01-01',
  ])('%j → 400 naming the field', async (texto) => {
    expect(fechaDeConsulta(texto)).toBeNull();
    expect(await camposInvalidos({ desde: texto })).toEqual(['desde']);
    expect(await camposInvalidos({ hasta: texto })).toEqual(['hasta']);
  });
});
