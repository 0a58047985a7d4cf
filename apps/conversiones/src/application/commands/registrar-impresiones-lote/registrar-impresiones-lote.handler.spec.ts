import { ColaEnMemoria, proyeccionesDePrueba } from '../../../testing/fakes';
import { RegistrarImpresionesLoteCommand } from './registrar-impresiones-lote.command';
import { RegistrarImpresionesLoteHandler } from './registrar-impresiones-lote.handler';

describe('RegistrarImpresionesLoteHandler', () => {
  it('accepts the valid items in one hand-off and reports each refused one with its index and code', async () => {
    const cola = new ColaEnMemoria();
    const encolar = jest.spyOn(cola, 'encolar');
    const handler = new RegistrarImpresionesLoteHandler(proyeccionesDePrueba(), cola);
    const r = await handler.execute(
      new RegistrarImpresionesLoteCommand(
        [
          { id: 'i0', campana_id: 'cam-1', afiliado_id: 'afi-1' },
          { id: 'i1', campana_id: 'cam-x', afiliado_id: 'afi-1' },
          { id: 'i2', campana_id: 'cam-1', afiliado_id: 'afi-1' },
          { id: 'i3', campana_id: 'cam-pausada', afiliado_id: 'afi-1' },
        ],
        'api',
      ),
    );
    expect(r.aceptados).toBe(2);
    expect(r.ids).toEqual(['i0', 'i2']);
    expect(r.rechazados.map((x) => [x.indice, x.error.code])).toEqual([
      [1, 'TRACKING.CAMPANA_DESCONOCIDA'],
      [3, 'TRACKING.CAMPANA_INACTIVA'],
    ]);
    expect(encolar).toHaveBeenCalledTimes(1);
    expect(cola.encolados.map((i) => i.comando.eventType)).toEqual(['RegistrarImpresion', 'RegistrarImpresion']);
  });

  it('sends nothing when every item is refused', async () => {
    const cola = new ColaEnMemoria();
    const handler = new RegistrarImpresionesLoteHandler(proyeccionesDePrueba(), cola);
    const r = await handler.execute(new RegistrarImpresionesLoteCommand([{ campana_id: 'cam-x', afiliado_id: 'afi-1' }], 'api'));
    expect(r).toMatchObject({ aceptados: 0, ids: [] });
    expect(cola.encolados).toHaveLength(0);
  });
});
