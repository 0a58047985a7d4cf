import { Money } from '@alpes/seedwork';
import { Conversion } from '../../../domain/conversion/conversion.aggregate';
import { ColaEnMemoria, ConversionesLecturaEnMemoria, TrackingStoreEnMemoria } from '../../../testing/fakes';
import { RevertirConversionCommand } from './revertir-conversion.command';
import { RevertirConversionHandler } from './revertir-conversion.handler';

describe('RevertirConversionHandler', () => {
  let store: TrackingStoreEnMemoria;
  let lectura: ConversionesLecturaEnMemoria;
  let cola: ColaEnMemoria;
  let handler: RevertirConversionHandler;

  async function conversion(id: string, estado: 'REGISTRADA' | 'VALIDADA' | 'RECHAZADA' | 'REVERTIDA'): Promise<void> {
    const c = Conversion.registrar({ id, clickId: null, afiliadoId: 'afi-1', campanaId: 'cam-1', tipoConversion: 'venta', valor: Money.of('10', 'COP'), referenciaExterna: null, usuarioId: null, timestamp: 1 });
    if (estado === 'VALIDADA' || estado === 'REVERTIDA') c.validar({ afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: null });
    if (estado === 'REVERTIDA') c.revertir('x');
    if (estado === 'RECHAZADA') c.rechazar('VALOR_INVALIDO', null);
    await store.guardar([c]);
  }

  beforeEach(() => {
    store = new TrackingStoreEnMemoria();
    lectura = new ConversionesLecturaEnMemoria(store);
    cola = new ColaEnMemoria();
    handler = new RevertirConversionHandler(lectura, cola);
  });

  it('hands RevertirConversion of a VALIDADA conversion to the queue, keyed by its campaign', async () => {
    await conversion('conv-1', 'VALIDADA');
    await expect(handler.execute(new RevertirConversionCommand('conv-1', 'Reembolso', 'api'))).resolves.toEqual({ id: 'conv-1' });
    expect(cola.encolados[0]).toMatchObject({
      comando: { eventType: 'RevertirConversion', key: 'cam-1', payload: { conversion_id: 'conv-1', motivo: 'Reembolso' } },
      auditar: { accion: 'RevertirConversion', recurso: 'conversion' },
    });
  });

  it('a second revert of the same conversion, before the first is applied: 409 CONVERSION.REVERSION_EN_CURSO, one command', async () => {
    await conversion('conv-1', 'VALIDADA');
    await handler.execute(new RevertirConversionCommand('conv-1', 'Reembolso', 'api'));
    await expect(handler.execute(new RevertirConversionCommand('conv-1', 'Reembolso', 'api'))).rejects.toMatchObject({
      code: 'CONVERSION.REVERSION_EN_CURSO',
      kind: 'conflict',
    });
    expect(cola.encolados).toHaveLength(1);
  });

  it.each(['REGISTRADA', 'RECHAZADA', 'REVERTIDA'] as const)('refuses a %s conversion: 409 CONVERSION.TRANSICION_INVALIDA', async (estado) => {
    await conversion('conv-1', estado);
    await expect(handler.execute(new RevertirConversionCommand('conv-1', 'x', 'api'))).rejects.toMatchObject({ code: 'CONVERSION.TRANSICION_INVALIDA', kind: 'conflict' });
    expect(cola.encolados).toHaveLength(0);
  });

  it('an accepted conversion not processed yet is REGISTRADA: 409', async () => {
    lectura.aceptadas.set('conv-2', {
      aceptadaEn: 1,
      comando: { id: 'conv-2', tipo_conversion: 'lead', valor_conversion: '0', moneda: 'COP', timestamp: 1 },
    });
    await expect(handler.execute(new RevertirConversionCommand('conv-2', 'x', 'api'))).rejects.toMatchObject({ code: 'CONVERSION.TRANSICION_INVALIDA' });
  });

  it('an unknown conversion: 404 CONVERSION.NO_ENCONTRADA', async () => {
    await expect(handler.execute(new RevertirConversionCommand('nope', 'x', 'api'))).rejects.toMatchObject({ code: 'CONVERSION.NO_ENCONTRADA', kind: 'not_found' });
  });
});
