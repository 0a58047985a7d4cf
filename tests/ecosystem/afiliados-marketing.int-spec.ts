import { randomUUID } from 'node:crypto';
import { eventually, http, startApps, type RunningApp } from './support/running-apps';

/**
 * afiliados → afiliados.eventos → marketing-comisiones, with both services running as real processes: marketing
 * learns of an affiliate only through the topic, and assigning it to a campaign follows its state there.
 */
describe('afiliados and marketing-comisiones through the real broker', () => {
  let apps: Record<string, RunningApp>;
  let stopAll: () => Promise<void>;

  beforeAll(async () => {
    ({ apps, stopAll } = await startApps(['afiliados', 'marketing-comisiones']));
  });
  afterAll(async () => {
    await stopAll?.();
  });

  const afiliados = () => apps['afiliados'].url;
  const marketing = () => apps['marketing-comisiones'].url;

  async function registrar(tipo = 'basico'): Promise<string> {
    const res = await http('POST', `${afiliados()}/api/v1/afiliados`, {
      nombre: 'Ana Pérez',
      email: `ana-${randomUUID()}@example.com`,
      tipo_afiliado: tipo,
      configuracion_comisiones: { comision_base: 10, comision_premium: 15 },
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  async function campana(): Promise<string> {
    const res = await http('POST', `${marketing()}/api/v1/campanas`, {
      nombre: 'Verano',
      producto: 'Zapatillas',
      marca: 'Alpes',
      presupuesto: 1000,
      moneda: 'USD',
      reglas_comision: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 10 }],
    });
    expect(res.status).toBe(201);
    return res.body.id;
  }

  const asignar = (campanaId: string, afiliadoId: string) =>
    http('POST', `${marketing()}/api/v1/campanas/${campanaId}/afiliados`, { afiliado_id: afiliadoId });

  it('a registered affiliate is refused while PENDIENTE and assignable once activated', async () => {
    const afiliadoId = await registrar();
    const campanaId = await campana();
    const pendiente = await eventually('marketing learns the PENDIENTE affiliate', () => asignar(campanaId, afiliadoId), [422]);
    expect(pendiente.body.code).toBe('CAMPANA.AFILIADO_NO_ACTIVO');

    expect((await http('POST', `${afiliados()}/api/v1/afiliados/${afiliadoId}/activar`)).status).toBe(200);
    await eventually('assignment once ACTIVO', () => asignar(campanaId, afiliadoId), [200, 201]);
    const detalle = await http('GET', `${marketing()}/api/v1/campanas/${campanaId}`);
    expect(detalle.body.afiliados_ids).toContain(afiliadoId);
  });

  it('a suspension in afiliados is reflected: the affiliate can no longer be assigned', async () => {
    const afiliadoId = await registrar('premium');
    expect((await http('POST', `${afiliados()}/api/v1/afiliados/${afiliadoId}/activar`)).status).toBe(200);
    const primera = await campana();
    await eventually('assignment once ACTIVO', () => asignar(primera, afiliadoId), [200, 201]);

    const suspendido = await http('POST', `${afiliados()}/api/v1/afiliados/${afiliadoId}/suspender`, { motivo: 'fraude' });
    expect(suspendido.status).toBe(200);
    // A fresh campaign per attempt: an attempt that lands before marketing has the suspension assigns the affiliate
    // (it was ACTIVO there), and re-assigning an assigned affiliate is an idempotent 200.
    const refused = await eventually('marketing learns the suspension', async () => asignar(await campana(), afiliadoId), [422]);
    expect(refused.body.code).toBe('CAMPANA.AFILIADO_NO_ACTIVO');
  });

  it('an affiliate that does not exist upstream is unknown downstream (404)', async () => {
    const res = await asignar(await campana(), randomUUID());
    expect(res.status).toBe(404);
  });
});
