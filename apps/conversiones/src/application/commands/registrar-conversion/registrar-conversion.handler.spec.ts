import { ClicksConocidosEnMemoria, ColaEnMemoria, proyeccionesDePrueba } from '../../../testing/fakes';
import { RegistrarConversionCommand, type ConversionSolicitada } from './registrar-conversion.command';
import { RegistrarConversionHandler } from './registrar-conversion.handler';

describe('RegistrarConversionHandler', () => {
  let cola: ColaEnMemoria;
  let clicks: ClicksConocidosEnMemoria;
  let handler: RegistrarConversionHandler;
  const directa: ConversionSolicitada = { afiliado_id: 'afi-1', campana_id: 'cam-1', tipo_conversion: 'venta', valor_conversion: 150000.5, moneda: 'COP' };

  beforeEach(() => {
    cola = new ColaEnMemoria();
    clicks = new ClicksConocidosEnMemoria();
    handler = new RegistrarConversionHandler(proyeccionesDePrueba(), cola, clicks);
  });

  it('accepts a direct conversion: REGISTRADA, keyed by campaign, amount as an exact decimal, audited', async () => {
    const r = await handler.execute(new RegistrarConversionCommand({ ...directa, id: 'conv-1', referencia_externa: 'PED-1' }, 'ana'));
    expect(r).toEqual({ id: 'conv-1', estado: 'REGISTRADA' });
    const [item] = cola.encolados;
    expect(item.comando).toMatchObject({
      eventType: 'RegistrarConversion',
      key: 'cam-1',
      payload: { id: 'conv-1', valor_conversion: '150000.50', moneda: 'COP', click_id: null, referencia_externa: 'PED-1' },
    });
    expect(item.auditar).toEqual({ accion: 'RegistrarConversion', recurso: 'conversion' });
    expect(item.actor).toBe('ana');
  });

  it('keys a click-only conversion by the click campaign when known, else by the click id', async () => {
    clicks.recordar('click-1', { campanaId: 'cam-1', afiliadoId: 'afi-1' });
    await handler.execute(new RegistrarConversionCommand({ click_id: 'click-1', tipo_conversion: 'lead', valor_conversion: 0, moneda: 'COP' }, 'api'));
    await handler.execute(new RegistrarConversionCommand({ click_id: 'click-9', tipo_conversion: 'lead', valor_conversion: 0, moneda: 'COP' }, 'api'));
    expect(cola.encolados.map((i) => i.comando.key)).toEqual(['cam-1', 'click-9']);
  });

  it.each([
    [{ campana_id: 'cam-2' }, 'campaign cam-2'],
    [{ afiliado_id: 'afi-2' }, 'affiliate afi-2'],
    [{ campana_id: 'cam-2', afiliado_id: 'afi-1' }, 'campaign cam-2'],
  ])('a known click with another campaign or affiliate named (%j) is refused at once: 422 CONVERSION.CLICK_NO_CORRESPONDE', async (o, nombrado) => {
    clicks.recordar('click-1', { campanaId: 'cam-1', afiliadoId: 'afi-1' });
    const intento = handler.execute(new RegistrarConversionCommand({ click_id: 'click-1', tipo_conversion: 'venta', valor_conversion: 10, moneda: 'COP', ...o }, 'api'));
    await expect(intento).rejects.toMatchObject({ code: 'CONVERSION.CLICK_NO_CORRESPONDE', kind: 'business_rule' });
    await expect(intento).rejects.toThrow(nombrado);
    expect(cola.encolados).toHaveLength(0);
  });

  it('a known click with its own campaign and affiliate named is accepted', async () => {
    clicks.recordar('click-1', { campanaId: 'cam-1', afiliadoId: 'afi-1' });
    await expect(
      handler.execute(new RegistrarConversionCommand({ click_id: 'click-1', campana_id: 'cam-1', afiliado_id: 'afi-1', tipo_conversion: 'venta', valor_conversion: 10, moneda: 'COP' }, 'api')),
    ).resolves.toMatchObject({ estado: 'REGISTRADA' });
  });

  it('does not check the projections for a click conversion: its rules are the processor’s', async () => {
    await expect(
      handler.execute(new RegistrarConversionCommand({ click_id: 'k', campana_id: 'cam-x', tipo_conversion: 'venta', valor_conversion: 1, moneda: 'USD' }, 'api')),
    ).resolves.toMatchObject({ estado: 'REGISTRADA' });
  });

  it.each([
    [{ campana_id: 'cam-x' }, 'TRACKING.CAMPANA_DESCONOCIDA'],
    [{ afiliado_id: 'afi-x' }, 'TRACKING.AFILIADO_DESCONOCIDO'],
  ])('a direct conversion naming an unknown campaign or affiliate is refused (404): %j', async (o, code) => {
    await expect(handler.execute(new RegistrarConversionCommand({ ...directa, ...o }, 'api'))).rejects.toMatchObject({ code, kind: 'not_found' });
  });

  it('a paused campaign is NOT refused here: the processor rejects it with a motivo (CAMPANA_INACTIVA)', async () => {
    await expect(handler.execute(new RegistrarConversionCommand({ ...directa, campana_id: 'cam-pausada' }, 'api'))).resolves.toBeDefined();
  });

  it.each([
    [{ moneda: 'XYZ' }, 'CONVERSION.MONEDA_INVALIDA'],
    [{ valor_conversion: 10.001 }, 'MONEY.MONTO_INVALIDO'],
    [{ moneda: 'JPY', valor_conversion: 10.5 }, 'MONEY.MONTO_INVALIDO'],
    [{ afiliado_id: undefined }, 'CONVERSION.ATRIBUCION_REQUERIDA'],
  ])('refuses %j with %s (400)', async (o, code) => {
    await expect(handler.execute(new RegistrarConversionCommand({ ...directa, ...o }, 'api'))).rejects.toMatchObject({ code, kind: 'validation' });
    expect(cola.encolados).toHaveLength(0);
  });

  it('the same id again: same content is a retry (202), other content is 409 CONVERSION.ID_DUPLICADO', async () => {
    await handler.execute(new RegistrarConversionCommand({ ...directa, id: 'conv-1' }, 'api'));
    await expect(handler.execute(new RegistrarConversionCommand({ ...directa, id: 'conv-1' }, 'api'))).resolves.toEqual({ id: 'conv-1', estado: 'REGISTRADA' });
    await expect(handler.execute(new RegistrarConversionCommand({ ...directa, id: 'conv-1', valor_conversion: 1 }, 'api'))).rejects.toMatchObject({
      code: 'CONVERSION.ID_DUPLICADO',
      kind: 'conflict',
    });
    expect(cola.encolados).toHaveLength(1);
  });
});
