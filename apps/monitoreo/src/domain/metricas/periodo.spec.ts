import { periodoDe, ventanaDe } from './periodo';

describe('ventanaDe', () => {
  const ahora = new Date('2025-06-01T12:34:56.789Z');

  it.each([
    ['1h', 60, 60, '2025-06-01T11:35:00.000Z'],
    ['24h', 1800, 48, '2025-05-31T13:00:00.000Z'],
    ['7d', 21600, 28, '2025-05-25T18:00:00.000Z'],
  ] as const)('%s: %i s buckets, %i points, aligned to the UTC grid, the last one holding now', (periodo, bucket, puntos, desde) => {
    const v = ventanaDe(periodo, ahora);
    expect(v).toEqual({ periodo, desde: new Date(desde), hasta: ahora, bucketSegundos: bucket, puntos });
    const inicioUltimo = v.desde.getTime() + (puntos - 1) * bucket * 1000;
    expect(inicioUltimo).toBeLessThanOrEqual(ahora.getTime());
    expect(inicioUltimo + bucket * 1000).toBeGreaterThan(ahora.getTime());
  });

  it('on a bucket boundary the current bucket starts now', () => {
    const v = ventanaDe('1h', new Date('2025-06-01T12:00:00.000Z'));
    expect(v.desde.toISOString()).toBe('2025-06-01T11:01:00.000Z');
  });

  it('periodoDe refuses anything else with MONITOREO.PERIODO_INVALIDO', () => {
    expect(periodoDe('7d')).toBe('7d');
    expect(() => periodoDe('2h')).toThrow(expect.objectContaining({ code: 'MONITOREO.PERIODO_INVALIDO', kind: 'validation' }));
  });
});
