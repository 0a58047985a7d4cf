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
