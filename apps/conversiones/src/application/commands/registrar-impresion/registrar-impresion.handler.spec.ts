import { DomainError } from '@alpes/seedwork';
import { ColaEnMemoria, proyeccionesDePrueba } from '../../../testing/fakes';
import { IngestaNoDisponibleError } from '../../ports/cola-ingesta.port';
import { RegistrarImpresionCommand } from './registrar-impresion.command';
import { RegistrarImpresionHandler } from './registrar-impresion.handler';

describe('RegistrarImpresionHandler', () => {
  let cola: ColaEnMemoria;
  let handler: RegistrarImpresionHandler;

  beforeEach(() => {
    cola = new ColaEnMemoria();
    handler = new RegistrarImpresionHandler(proyeccionesDePrueba(), cola);
  });

  it('hands RegistrarImpresion to the queue keyed by campaign, filling id and timestamp', async () => {
    const antes = Date.now();
    const { id } = await handler.execute(new RegistrarImpresionCommand({ campana_id: 'cam-1', afiliado_id: 'afi-1', ip_address: '1.2.3.4' }, 'api', { correlationId: 'c-1' }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [item] = cola.encolados;
    expect(item).toMatchObject({ correlationId: 'c-1', actor: 'api', comando: { eventType: 'RegistrarImpresion', key: 'cam-1' } });
    expect(item.comando.payload).toMatchObject({ id, campana_id: 'cam-1', afiliado_id: 'afi-1', ip_address: '1.2.3.4', usuario_id: null });
    expect((item.comando.payload as { timestamp: number }).timestamp).toBeGreaterThanOrEqual(antes);
  });

  it('keeps a client-supplied id and timestamp (a retried request is the same command)', async () => {
    const { id } = await handler.execute(new RegistrarImpresionCommand({ id: 'imp-1', campana_id: 'cam-1', afiliado_id: 'afi-1', timestamp: 1_700_000_000_000 }, 'api'));
    expect(id).toBe('imp-1');
    expect(cola.encolados[0].comando.payload).toMatchObject({ id: 'imp-1', timestamp: 1_700_000_000_000 });
  });

  it.each([
    ['cam-x', 'afi-1', 'TRACKING.CAMPANA_DESCONOCIDA'],
    ['cam-1', 'afi-x', 'TRACKING.AFILIADO_DESCONOCIDO'],
    ['cam-pausada', 'afi-1', 'TRACKING.CAMPANA_INACTIVA'],
    ['cam-1', 'afi-suspendido', 'TRACKING.AFILIADO_INACTIVO'],
  ])('refuses campana %s / afiliado %s with %s and sends nothing', async (campana_id, afiliado_id, code) => {
    await expect(handler.execute(new RegistrarImpresionCommand({ campana_id, afiliado_id }, 'api'))).rejects.toMatchObject({ code });
    expect(cola.encolados).toHaveLength(0);
  });

  it('an unavailable queue fails the request (nothing is answered 202 that was not stored)', async () => {
    cola.fallo = new IngestaNoDisponibleError('db down');
    await expect(handler.execute(new RegistrarImpresionCommand({ campana_id: 'cam-1', afiliado_id: 'afi-1' }, 'api'))).rejects.toBeInstanceOf(IngestaNoDisponibleError);
  });

  it('errors are DomainErrors with stable codes', async () => {
    const error = await handler.execute(new RegistrarImpresionCommand({ campana_id: 'cam-x', afiliado_id: 'afi-1' }, 'api')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
  });
});
