import { ConfiguracionPagosDesdeEntorno, intervaloPublicacionAcumuladosMs, simulacionPagosDesde } from './configuracion';

describe('configuration from the environment / runtime settings', () => {
  it('minimum per currency, else the general one, else none', () => {
    const c = ConfiguracionPagosDesdeEntorno.desde({ settings: { PAGO_MINIMO_USD: '50', PAGO_MINIMO: '1000' } });
    expect(c.minimo('USD')?.toFixed()).toBe('50.00');
    expect(c.minimo('COP')?.toFixed()).toBe('1000.00');
    expect(ConfiguracionPagosDesdeEntorno.desde({}).minimo('USD')).toBeNull();
  });

  it('refuses bad values at start-up', () => {
    expect(() => ConfiguracionPagosDesdeEntorno.desde({ settings: { PAGO_MINIMO_USD: 'mucho' } })).toThrow(/PAGO_MINIMO_USD/);
    expect(() => ConfiguracionPagosDesdeEntorno.desde({ settings: { PAGO_MINIMO_JPY: '10.5' } })).toThrow();
    expect(() => ConfiguracionPagosDesdeEntorno.desde({ settings: { PAGO_MINIMO: '-1' } })).toThrow(/PAGO_MINIMO/);
    expect(() => intervaloPublicacionAcumuladosMs({ settings: { ACUMULADOS_PUBLICACION_MS: '10' } })).toThrow();
    expect(intervaloPublicacionAcumuladosMs({})).toBe(2000);
  });

  it('simulated payment failures: all, or by affiliate id', () => {
    expect(simulacionPagosDesde({ settings: { PAGOS_SIMULAR_FALLO: 'TRUE' } }).fallarTodo).toBe(true);
    const s = simulacionPagosDesde({ settings: { PAGOS_SIMULAR_FALLO_AFILIADOS: ' a1, a2 ,' } });
    expect([s.fallarTodo, [...s.afiliadosQueFallan]]).toEqual([false, ['a1', 'a2']]);
  });
});
