import { leerConfiguracion } from './conversiones.config';

describe('leerConfiguracion', () => {
  it('uses the defaults of the brief when nothing is set', () => {
    const c = leerConfiguracion(() => undefined);
    expect(c).toMatchObject({ graciaClickMs: 30_000, umbralClicksPorIpMinuto: 20, ingestaEsperaMs: 5, ingestaLote: 500, procesadorLote: 500 });
  });

  it('reads the CONVERSIONES_* settings', () => {
    const c = leerConfiguracion((name) => ({ CONVERSIONES_GRACIA_CLICK_MS: '2000', CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO: '3' })[name]);
    expect(c.graciaClickMs).toBe(2000);
    expect(c.umbralClicksPorIpMinuto).toBe(3);
  });

  it.each(['abc', '-1', '1.5', '0'])('refuses CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO=%s (the service must not start misconfigured)', (value) => {
    expect(() => leerConfiguracion((name) => (name === 'CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO' ? value : undefined))).toThrow(/CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO/);
  });
});
