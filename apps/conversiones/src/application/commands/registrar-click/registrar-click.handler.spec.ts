import { ClicksConocidosEnMemoria, ColaEnMemoria, proyeccionesDePrueba } from '../../../testing/fakes';
import { RegistrarClickCommand } from './registrar-click.command';
import { RegistrarClickHandler } from './registrar-click.handler';

describe('RegistrarClickHandler', () => {
  it('hands RegistrarClick to the queue keyed by campaign and remembers the click campaign', async () => {
    const cola = new ColaEnMemoria();
    const clicks = new ClicksConocidosEnMemoria();
    const handler = new RegistrarClickHandler(proyeccionesDePrueba(), cola, clicks);
    const { id } = await handler.execute(new RegistrarClickCommand({ id: 'click-1', campana_id: 'cam-1', afiliado_id: 'afi-1', url: 'https://x.test' }, 'api'));
    expect(id).toBe('click-1');
    expect(cola.encolados[0].comando).toMatchObject({ eventType: 'RegistrarClick', key: 'cam-1', payload: { id: 'click-1', url: 'https://x.test', session_id: null } });
    expect(await clicks.buscar('click-1')).toEqual({ campanaId: 'cam-1', afiliadoId: 'afi-1' });
  });

  it('refuses an affiliate not assigned to the campaign (422 code)', async () => {
    const proyecciones = proyeccionesDePrueba();
    proyecciones.ponerAfiliado({ id: 'afi-2', estado: 'ACTIVO' });
    const handler = new RegistrarClickHandler(proyecciones, new ColaEnMemoria(), new ClicksConocidosEnMemoria());
    await expect(handler.execute(new RegistrarClickCommand({ campana_id: 'cam-1', afiliado_id: 'afi-2' }, 'api'))).rejects.toMatchObject({
      code: 'TRACKING.AFILIADO_NO_ASIGNADO',
      kind: 'business_rule',
    });
  });
});
