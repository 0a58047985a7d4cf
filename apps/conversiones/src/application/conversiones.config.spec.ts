import { leerConfiguracion } from './conversiones.config';

describe('leerConfiguracion', () => {
  it('uses the defaults of the brief when nothing is set', () => {
    const c = leerConfiguracion(() => undefined);
    expect(c).toMatchObject({ graciaClickMs: 30_000, umbralClicksPorIpMinuto: 20, ingestaEsperaMs: 5, ingestaLote: 500, procesadorLote: 500 });
    expect(c).toMatchObject({ admisionUmbralTracking: 10_000, admisionUmbralDinero: 40_000, admisionMuestreoMs: 1_000 });
  });

  it('reads the CONVERSIONES_* settings', () => {
    const c = leerConfiguracion((name) => ({ CONVERSIONES_GRACIA_CLICK_MS: '2000', CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO: '3' })[name]);
    expect(c.graciaClickMs).toBe(2000);
    expect(c.umbralClicksPorIpMinuto).toBe(3);
  });

  it.each(['abc', '-1', '1.5', '0'])('refuses CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO=%s (the service must not start misconfigured)', (value) => {
    expect(() => leerConfiguracion((name) => (name === 'CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO' ? value : undefined))).toThrow(/CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO/);
  });

  it('refuses a money threshold under the tracking one (money must get in while impressions are refused)', () => {
    const settings: Record<string, string> = { CONVERSIONES_ADMISION_UMBRAL_TRACKING: '5000', CONVERSIONES_ADMISION_UMBRAL_DINERO: '1000' };
    expect(() => leerConfiguracion((name) => settings[name])).toThrow(/CONVERSIONES_ADMISION_UMBRAL_DINERO/);
    expect(leerConfiguracion((name) => ({ ...settings, CONVERSIONES_ADMISION_UMBRAL_DINERO: '0' })[name])).toMatchObject({ admisionUmbralDinero: 0 });
  });
});
