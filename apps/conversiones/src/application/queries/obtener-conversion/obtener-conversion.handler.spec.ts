import { Money } from '@alpes/seedwork';
import { Conversion } from '../../../domain/conversion/conversion.aggregate';
import { ConversionesLecturaEnMemoria, TrackingStoreEnMemoria } from '../../../testing/fakes';
import { ObtenerConversionHandler } from './obtener-conversion.handler';
import { ObtenerConversionQuery } from './obtener-conversion.query';

describe('ObtenerConversionHandler', () => {
  it('rebuilds the resource from the events: estado, motivo_rechazo and historial', async () => {
    const store = new TrackingStoreEnMemoria();
    const c = Conversion.registrar({
      id: 'conv-1',
      clickId: 'click-1',
      afiliadoId: null,
      campanaId: null,
      tipoConversion: 'venta',
      valor: Money.of('150000.5', 'COP'),
      referenciaExterna: 'PED-1',
      usuarioId: 'usr-1',
      timestamp: Date.UTC(2026, 0, 1),
    });
    c.rechazar('CLICK_FUERA_DE_VENTANA', '45 days', { afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: 'click-1' });
    await store.guardar([c]);
    const vista = await new ObtenerConversionHandler(new ConversionesLecturaEnMemoria(store)).execute(new ObtenerConversionQuery('conv-1'));
    expect(vista).toMatchObject({
      id: 'conv-1',
      estado: 'RECHAZADA',
      afiliado_id: 'afi-1',
      campana_id: 'cam-1',
      click_id: 'click-1',
      tipo_conversion: 'venta',
      valor_conversion: 150000.5,
      moneda: 'COP',
      motivo_rechazo: 'CLICK_FUERA_DE_VENTANA',
      detalle_rechazo: '45 days',
      timestamp: '2026-01-01T00:00:00.000Z',
      procesada: true,
    });
    expect(vista.historial.map((h) => [h.evento, h.estado, h.motivo])).toEqual([
      ['ConversionRegistrada', 'REGISTRADA', undefined],
      ['ConversionRechazada', 'RECHAZADA', 'CLICK_FUERA_DE_VENTANA'],
    ]);
  });

  it('accepted but not processed yet: REGISTRADA, procesada false, empty historial', async () => {
    const lectura = new ConversionesLecturaEnMemoria(new TrackingStoreEnMemoria());
    lectura.aceptadas.set('conv-2', { aceptadaEn: 1, comando: { id: 'conv-2', tipo_conversion: 'lead', valor_conversion: '12.3000', moneda: 'USD', timestamp: 0 } });
    const vista = await new ObtenerConversionHandler(lectura).execute(new ObtenerConversionQuery('conv-2'));
    expect(vista).toMatchObject({ id: 'conv-2', estado: 'REGISTRADA', procesada: false, historial: [], valor_conversion: 12.3 });
  });

  it('unknown: 404 CONVERSION.NO_ENCONTRADA', async () => {
    const handler = new ObtenerConversionHandler(new ConversionesLecturaEnMemoria(new TrackingStoreEnMemoria()));
    await expect(handler.execute(new ObtenerConversionQuery('nope'))).rejects.toMatchObject({ code: 'CONVERSION.NO_ENCONTRADA' });
  });
});
