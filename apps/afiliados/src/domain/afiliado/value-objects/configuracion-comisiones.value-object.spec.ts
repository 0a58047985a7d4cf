import { codeOf } from '../../../../test/support/domain-error-code';
import { ConfiguracionComisiones } from './configuracion-comisiones.value-object';

describe('ConfiguracionComisiones', () => {
  it('defaults comision_base to 10 % and comision_premium to none', () => {
    const config = ConfiguracionComisiones.porDefecto();
    expect(config.comisionBase.toString()).toBe('10');
    expect(config.comisionPremium).toBeNull();
    expect(ConfiguracionComisiones.of({ comisionPremium: 20 }).comisionBase.toString()).toBe('10');
  });

  it('keeps the exact decimals (no binary floating point)', () => {
    const config = ConfiguracionComisiones.of({ comisionBase: 12.3456, comisionPremium: '20.1' });
    expect(config.comisionBase.toString()).toBe('12.3456');
    expect(config.comisionPremium?.toString()).toBe('20.1');
  });

  it('accepts the bounds 0 and 100', () => {
    expect(ConfiguracionComisiones.of({ comisionBase: 0, comisionPremium: 100 }).comisionPremium?.toString()).toBe('100');
  });

  it.each([
    [{ comisionBase: -0.0001 }],
    [{ comisionBase: 100.0001 }],
    [{ comisionBase: 10, comisionPremium: 101 }],
    [{ comisionBase: 'diez' }],
    [{ comisionBase: Number.NaN }],
    [{ comisionBase: Number.POSITIVE_INFINITY }],
    [{ comisionBase: 12.34567 }],
    [{ comisionBase: 10, comisionPremium: '15.00001' }],
  ])('refuses %j with AFILIADO.COMISION_INVALIDA', (input) => {
    expect(codeOf(() => ConfiguracionComisiones.of(input))).toBe('AFILIADO.COMISION_INVALIDA');
  });

  it('refuses a premium percentage below the base one (business rule, 422)', () => {
    expect(codeOf(() => ConfiguracionComisiones.of({ comisionBase: 15, comisionPremium: 14.9999 }))).toBe(
      'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE',
    );
    expect(ConfiguracionComisiones.of({ comisionBase: 15, comisionPremium: 15 }).comisionPremium?.toString()).toBe('15');
  });

  it('compares by value: 15 and "15.0000" are the same configuration', () => {
    expect(
      ConfiguracionComisiones.of({ comisionBase: 15, comisionPremium: null }).equals(
        ConfiguracionComisiones.of({ comisionBase: '15.0000' }),
      ),
    ).toBe(true);
    expect(
      ConfiguracionComisiones.of({ comisionBase: 15 }).equals(ConfiguracionComisiones.of({ comisionBase: 15, comisionPremium: 20 })),
    ).toBe(false);
  });
});
