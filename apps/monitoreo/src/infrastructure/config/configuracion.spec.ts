import { leerConfiguracion } from './configuracion';

describe('leerConfiguracion', () => {
  const con = (settings: Record<string, string>) => leerConfiguracion({ settings });

  it('defaults', () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('MONITOREO_')) delete process.env[k];
    try {
      expect(con({})).toEqual({
        alerta: { umbral: 2, periodo: '1h', minimoClicks: 100, activa: true },
        alertaIntervaloMs: 10_000,
        monedaExternos: 'USD',
        loteConsumo: 500,
        esperaLoteMs: 20,
      });
    } finally {
      process.env = saved;
    }
  });

  it('reads every setting', () => {
    expect(
      con({
        MONITOREO_ALERTA_UMBRAL: '3.5',
        MONITOREO_ALERTA_PERIODO: '24h',
        MONITOREO_ALERTA_MINIMO_CLICKS: '10',
        MONITOREO_ALERTA_ACTIVA: 'false',
        MONITOREO_ALERTA_INTERVALO_MS: '500',
        MONITOREO_MONEDA_EXTERNOS: 'COP',
        MONITOREO_CONSUMO_LOTE: '200',
        MONITOREO_CONSUMO_ESPERA_MS: '5',
      }),
    ).toEqual({ alerta: { umbral: 3.5, periodo: '24h', minimoClicks: 10, activa: false }, alertaIntervaloMs: 500, monedaExternos: 'COP', loteConsumo: 200, esperaLoteMs: 5 });
  });

  it.each([
    ['MONITOREO_ALERTA_UMBRAL', 'dos'],
    ['MONITOREO_ALERTA_UMBRAL', '150'],
    ['MONITOREO_ALERTA_PERIODO', '2h'],
    ['MONITOREO_ALERTA_MINIMO_CLICKS', '-1'],
    ['MONITOREO_ALERTA_ACTIVA', 'si'],
    ['MONITOREO_ALERTA_INTERVALO_MS', '10'],
    ['MONITOREO_MONEDA_EXTERNOS', 'usd'],
    ['MONITOREO_CONSUMO_LOTE', '5000'],
  ])('%s=%s stops the start naming the variable', (nombre, valor) => {
    expect(() => con({ [nombre]: valor })).toThrow(/MONITOREO_/);
  });
});
