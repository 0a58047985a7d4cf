import { Money } from '@alpes/seedwork';
import { afiliado } from '../../testing/fakes';
import { campana } from '../../testing/builders';
import { calcularComisionDeConversion } from './calculo-comision';

const venta = (valor: string, moneda = 'COP') => ({ tipoConversion: 'venta', valor, moneda });

describe('calcularComisionDeConversion', () => {
  it('CPA pays the rule amount whatever the sale value', () => {
    const r = calcularComisionDeConversion(campana(), afiliado('a'), { tipoConversion: 'lead', valor: '0', moneda: 'COP' });
    expect(r).toMatchObject({ tipo: 'COMISION', modelo: 'CPA', base: '5000.00', porcentaje: null });
    expect(r.tipo === 'COMISION' && r.monto.equals(Money.of('5000', 'COP'))).toBe(true);
  });

  it('CPS pays the rule percentage of the sale value', () => {
    const r = calcularComisionDeConversion(campana(), afiliado('a'), venta('150000.0000'));
    expect(r.tipo === 'COMISION' && r.monto.toFixed()).toBe('15000.00');
    expect(r).toMatchObject({ modelo: 'CPS', base: '150000.0000' });
    expect(r.tipo === 'COMISION' && r.porcentaje?.toString()).toBe('10');
  });

  it('rounds the exact product once, HALF_UP, to the currency minor unit', () => {
    const c = campana({ moneda: 'USD', presupuesto: '1000', reglas: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '12.5' }] });
    // 12.5 % of 0.0400 = 0.005 → 0.01 (half up); of 0.0399 = 0.0049875 → 0.00
    expect(calcularComisionDeConversion(c, null, venta('0.0400', 'USD'))).toMatchObject({ monto: Money.of('0.01', 'USD') });
    // 12.5 % of 0.0399 = 0.0049875 → 0.00: nothing to pay (MONTO_CERO, see below)
    expect(calcularComisionDeConversion(c, null, venta('0.0399', 'USD'))).toMatchObject({ tipo: 'RECHAZO', motivo: 'MONTO_CERO' });
    // 12.5 % of 80.1234 = 10.015425 → 10.02 (from the exact sale value, not a pre-rounded 80.12 → 10.015 → 10.02)
    expect(calcularComisionDeConversion(c, null, venta('80.1234', 'USD'))).toMatchObject({ monto: Money.of('10.02', 'USD') });
    // 12.5 % of 80.04 = 10.005 → 10.01
    expect(calcularComisionDeConversion(c, null, venta('80.04', 'USD'))).toMatchObject({ monto: Money.of('10.01', 'USD') });
    const jpy = campana({ moneda: 'JPY', presupuesto: '1000', reglas: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '5' }] });
    // 5 % of 50 JPY = 2.5 → 3
    expect(calcularComisionDeConversion(jpy, null, venta('50', 'JPY'))).toMatchObject({ monto: Money.of('3', 'JPY') });
  });

  it('a CPS commission that comes to 0 (0 % rate, premium 0 %, or rounding to 0) is MONTO_CERO, never a payable 0', () => {
    const cero = campana({ moneda: 'USD', presupuesto: '1000', reglas: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '0' }] });
    expect(calcularComisionDeConversion(cero, null, venta('150.00', 'USD'))).toMatchObject({
      tipo: 'RECHAZO',
      motivo: 'MONTO_CERO',
      modelo: 'CPS',
      base: '150.00',
    });
    const premiumCero = afiliado('a', { tipo: 'premium', premium: '0' });
    expect(calcularComisionDeConversion(campana(), premiumCero, venta('150000'))).toMatchObject({ tipo: 'RECHAZO', motivo: 'MONTO_CERO' });
    const jpy = campana({ moneda: 'JPY', presupuesto: '1000', reglas: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '4.9' }] });
    // 4.9 % of 10 JPY = 0.49 → 0; of 11 JPY = 0.539 → 1
    expect(calcularComisionDeConversion(jpy, null, venta('10', 'JPY'))).toMatchObject({ tipo: 'RECHAZO', motivo: 'MONTO_CERO' });
    expect(calcularComisionDeConversion(jpy, null, venta('11', 'JPY'))).toMatchObject({ tipo: 'COMISION', monto: Money.of('1', 'JPY') });
  });

  it("a premium affiliate's comision_premium overrides the CPS percentage", () => {
    const premium = afiliado('a', { tipo: 'premium', premium: '20' });
    const r = calcularComisionDeConversion(campana(), premium, venta('150000'));
    expect(r.tipo === 'COMISION' && r.monto.toFixed()).toBe('30000.00');
    expect(r.tipo === 'COMISION' && r.porcentaje?.toString()).toBe('20');
  });

  it('keeps the rule percentage for a premium without comision_premium, and for non-premium affiliates', () => {
    const sinPremium = afiliado('a', { tipo: 'premium', premium: null });
    const basico = afiliado('b', { tipo: 'basico', premium: '20' });
    for (const a of [sinPremium, basico, null]) {
      const r = calcularComisionDeConversion(campana(), a, venta('150000'));
      expect(r.tipo === 'COMISION' && r.monto.toFixed()).toBe('15000.00');
    }
  });

  it('the premium percentage does not change a CPA commission', () => {
    const premium = afiliado('a', { tipo: 'premium', premium: '50' });
    const r = calcularComisionDeConversion(campana(), premium, { tipoConversion: 'registro', valor: '100', moneda: 'COP' });
    expect(r.tipo === 'COMISION' && r.monto.toFixed()).toBe('5000.00');
  });

  it('rejects a sale in another currency (MONEDA_DISTINTA), never converting silently', () => {
    const r = calcularComisionDeConversion(campana(), afiliado('a'), venta('100', 'USD'));
    expect(r).toMatchObject({ tipo: 'RECHAZO', motivo: 'MONEDA_DISTINTA', modelo: 'CPS', base: '0' });
  });

  it('rejects a conversion type without rule (SIN_REGLA)', () => {
    const c = campana({ reglas: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '5' }] });
    expect(calcularComisionDeConversion(c, null, { tipoConversion: 'lead', valor: '0', moneda: 'COP' })).toMatchObject({
      tipo: 'RECHAZO',
      motivo: 'SIN_REGLA',
      modelo: null,
    });
  });

  it('rejects a negative sale value under CPS', () => {
    expect(calcularComisionDeConversion(campana(), null, venta('-10'))).toMatchObject({ tipo: 'RECHAZO', motivo: 'VALOR_INVALIDO' });
  });
});
