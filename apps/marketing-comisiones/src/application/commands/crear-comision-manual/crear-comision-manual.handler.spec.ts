import { DomainError } from '@alpes/seedwork';
import { afiliado, entorno, errorDeAsync, TX } from '../../../testing/fakes';
import { campana } from '../../../testing/builders';
import { CrearComisionManualCommand, type CrearComisionManualInput } from './crear-comision-manual.command';
import { CrearComisionManualHandler } from './crear-comision-manual.handler';

async function preparar(presupuesto = '100000') {
  const env = entorno();
  const c = campana({ presupuesto, estado: 'ACTIVA' });
  await env.campanas.insertar(TX, c);
  env.db.afiliados.set('a1', afiliado('a1'));
  env.db.eventos = [];
  const handler = new CrearComisionManualHandler(env.uow, env.comisiones, env.campanas, env.afiliados, env.auditoria, env.reloj);
  return { ...env, campanaId: c.id, crear: (i: CrearComisionManualInput) => handler.execute(new CrearComisionManualCommand(i)) };
}

describe('CrearComisionManualHandler', () => {
  it('porcentual (seed 003): porcentaje % of valor_conversion, modelo CPS, budget of the campaign consumed', async () => {
    const t = await preparar();
    const c = await t.crear({ afiliadoId: 'a1', conversionId: 'm1', campanaId: t.campanaId, tipoComision: 'porcentual', porcentaje: '15', valorConversion: '100000' });
    expect([c.tipo, c.getProps().modelo, c.monto.toFixed(), c.moneda, c.estado]).toEqual(['MANUAL', 'CPS', '15000.00', 'COP', 'PENDIENTE']);
    expect((await t.campanas.findById(t.campanaId))?.presupuestoDisponible.toFixed()).toBe('85000.00');
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada']);
    expect(t.db.auditoria.map((a) => a.accion)).toEqual(['CREAR_COMISION']);
  });

  it('fija without campaign needs a moneda and uses no budget', async () => {
    const t = await preparar();
    const c = await t.crear({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: '12.5', moneda: 'USD' });
    expect([c.getProps().modelo, c.monto.toFixed(), c.campanaId]).toEqual(['CPA', '12.50', null]);
    expect((await errorDeAsync(() => t.crear({ afiliadoId: 'a1', conversionId: 'm2', tipoComision: 'fija', monto: '1' })))?.code).toBe(
      'COMISION.DATOS_INCOMPLETOS',
    );
  });

  it('same conversion twice → 409 COMISION.CONVERSION_DUPLICADA', async () => {
    const t = await preparar();
    await t.crear({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: '1', moneda: 'USD' });
    expect(await errorDeAsync(() => t.crear({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: '2', moneda: 'USD' }))).toEqual({
      code: 'COMISION.CONVERSION_DUPLICADA',
      kind: 'conflict',
    });
  });

  it.each([
    [{ tipoComision: 'porcentual', porcentaje: '15' }, 'COMISION.DATOS_INCOMPLETOS'],
    [{ tipoComision: 'porcentual', valorConversion: '10' }, 'COMISION.DATOS_INCOMPLETOS'],
    [{ tipoComision: 'porcentual', porcentaje: '101', valorConversion: '10' }, 'PERCENTAGE.FUERA_DE_RANGO'],
    [{ tipoComision: 'porcentual', porcentaje: '10', valorConversion: '-10' }, 'COMISION.MONTO_NO_POSITIVO'],
    [{ tipoComision: 'fija', monto: '0' }, 'COMISION.MONTO_NO_POSITIVO'],
    [{ tipoComision: 'fija', monto: '1.001' }, 'MONEY.MONTO_INVALIDO'],
    [{ tipoComision: 'porcentual', porcentaje: '0', valorConversion: '10' }, 'COMISION.MONTO_NO_POSITIVO'],
    [{ tipoComision: 'fija', monto: '1', moneda: 'USD' }, 'COMISION.MONEDA_DISTINTA'],
    [{ tipoComision: 'fija', monto: '100001' }, 'CAMPANA.PRESUPUESTO_INSUFICIENTE'],
  ])('refuses %j with %s', async (extra, code) => {
    const t = await preparar();
    const error = await errorDeAsync(() =>
      t.crear({ afiliadoId: 'a1', conversionId: 'm1', campanaId: t.campanaId, ...(extra as Partial<CrearComisionManualInput>) } as CrearComisionManualInput),
    );
    expect(error?.code).toBe(code);
    expect(t.db.comisiones.size).toBe(0);
  });

  it.each([
    // [currency, field, value: more decimals than the currency's minor unit]
    ['USD', 'monto', '33.333'],
    ['USD', 'valor_conversion', '33.333'],
    ['JPY', 'monto', '100.5'],
    ['JPY', 'valor_conversion', '1000.5'],
    ['KWD', 'monto', '1.2345'],
    ['KWD', 'valor_conversion', '10.0001'],
  ])('%s: %s %s has more decimals than the currency → 400 MONEY.MONTO_INVALIDO naming the field, nothing stored', async (moneda, campo, valor) => {
    const t = await preparar();
    const input: CrearComisionManualInput =
      campo === 'monto'
        ? { afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: valor, moneda }
        : { afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'porcentual', porcentaje: '10', valorConversion: valor, moneda };
    const error = await t.crear(input).then(
      () => null,
      (e: unknown) => e as DomainError,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect({ code: error?.code, kind: error?.kind, details: error?.details }).toEqual({
      code: 'MONEY.MONTO_INVALIDO',
      kind: 'validation',
      details: { campo, moneda, decimales_max: { USD: 2, JPY: 0, KWD: 3 }[moneda], reason: 'demasiados_decimales' },
    });
    expect(t.db.comisiones.size).toBe(0);
  });

  it('amounts at exactly the minor unit pass: 33.33 USD, 100 JPY, 1.234 KWD', async () => {
    const t = await preparar();
    const usd = await t.crear({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: '33.33', moneda: 'USD' });
    const jpy = await t.crear({ afiliadoId: 'a1', conversionId: 'm2', tipoComision: 'porcentual', porcentaje: '12.5', valorConversion: '100', moneda: 'JPY' });
    const kwd = await t.crear({ afiliadoId: 'a1', conversionId: 'm3', tipoComision: 'fija', monto: '1.234', moneda: 'KWD' });
    expect([usd.monto.toFixed(), jpy.monto.toFixed(), kwd.monto.toFixed()]).toEqual(['33.33', '13', '1.234']);
  });

  it('a commission of 0 is refused, naming the field: monto 0, porcentaje 0, or a percentage rounding to 0', async () => {
    const t = await preparar();
    const campoDe = (input: CrearComisionManualInput) =>
      t.crear(input).then(
        () => null,
        (e: DomainError) => [e.code, e.details?.['campo']],
      );
    expect(await campoDe({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'fija', monto: '0', moneda: 'USD' })).toEqual(['COMISION.MONTO_NO_POSITIVO', 'monto']);
    expect(await campoDe({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'porcentual', porcentaje: '0', valorConversion: '50', moneda: 'USD' })).toEqual([
      'COMISION.MONTO_NO_POSITIVO',
      'porcentaje',
    ]);
    // 0.1 % of 4 JPY = 0.004 → 0 JPY
    expect(await campoDe({ afiliadoId: 'a1', conversionId: 'm1', tipoComision: 'porcentual', porcentaje: '0.1', valorConversion: '4', moneda: 'JPY' })).toEqual([
      'COMISION.MONTO_NO_POSITIVO',
      'porcentaje',
    ]);
    expect(t.db.comisiones.size).toBe(0);
  });

  it('unknown affiliate or campaign → 404', async () => {
    const t = await preparar();
    expect((await errorDeAsync(() => t.crear({ afiliadoId: 'zz', conversionId: 'm1', tipoComision: 'fija', monto: '1', moneda: 'USD' })))?.code).toBe(
      'COMISION.AFILIADO_DESCONOCIDO',
    );
    expect((await errorDeAsync(() => t.crear({ afiliadoId: 'a1', conversionId: 'm1', campanaId: 'x', tipoComision: 'fija', monto: '1' })))?.code).toBe(
      'CAMPANA.NO_ENCONTRADA',
    );
  });

  it('taking the last of the budget exhausts and pauses the campaign', async () => {
    const t = await preparar('100');
    await t.crear({ afiliadoId: 'a1', conversionId: 'm1', campanaId: t.campanaId, tipoComision: 'fija', monto: '100' });
    expect((await t.campanas.findById(t.campanaId))?.estado).toBe('PAUSADA');
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada', 'PresupuestoAgotado', 'CampanaPausada']);
  });
});
