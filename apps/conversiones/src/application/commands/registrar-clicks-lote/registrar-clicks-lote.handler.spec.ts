import { ClicksConocidosEnMemoria, ColaEnMemoria, proyeccionesDePrueba } from '../../../testing/fakes';
import { RegistrarClicksLoteCommand } from './registrar-clicks-lote.command';
import { RegistrarClicksLoteHandler } from './registrar-clicks-lote.handler';

describe('RegistrarClicksLoteHandler', () => {
  it('accepts valid clicks, reports refused ones, and remembers the accepted clicks', async () => {
    const cola = new ColaEnMemoria();
    const clicks = new ClicksConocidosEnMemoria();
    const handler = new RegistrarClicksLoteHandler(proyeccionesDePrueba(), cola, clicks);
    const r = await handler.execute(
      new RegistrarClicksLoteCommand(
        [
          { id: 'k0', campana_id: 'cam-1', afiliado_id: 'afi-1' },
          { id: 'k1', campana_id: 'cam-1', afiliado_id: 'afi-suspendido' },
        ],
        'api',
      ),
    );
    expect(r).toMatchObject({ aceptados: 1, ids: ['k0'] });
    expect(r.rechazados.map((x) => [x.indice, x.error.code])).toEqual([[1, 'TRACKING.AFILIADO_INACTIVO']]);
    expect(await clicks.buscar('k0')).toEqual({ campanaId: 'cam-1', afiliadoId: 'afi-1' });
    expect(await clicks.buscar('k1')).toBeNull();
  });
});
