import { randomUUID } from 'node:crypto';
import { eventually, http, startApps, type RunningApp } from './support/running-apps';

/**
 * The commission flow of seed 003 across four running services, over HTTP only: affiliate → campaign with rules →
 * impression, click, conversion (conversiones) → validated → commission calculated (marketing-comisiones) →
 * approved → payout executed → statistics (tracking-queries); and a reverted conversion reversing its commission.
 */
describe('commission flow across afiliados, marketing-comisiones, conversiones and tracking-queries', () => {
  let apps: Record<string, RunningApp>;
  let stopAll: () => Promise<void>;
  const url = (app: string) => apps[app].url;

  beforeAll(async () => {
    ({ apps, stopAll } = await startApps(['afiliados', 'marketing-comisiones', 'conversiones', 'tracking-queries']));
  });
  afterAll(async () => {
    await stopAll?.();
  });

  it('calculates, approves and pays the commission of a validated sale, and the statistics add up', async () => {
    const afiliado = await http('POST', `${url('afiliados')}/api/v1/afiliados`, {
      nombre: 'Luis Gómez',
      email: `luis-${randomUUID()}@example.com`,
      tipo_afiliado: 'basico',
      configuracion_comisiones: { comision_base: 10 },
    });
    expect(afiliado.status).toBe(201);
    const afiliadoId: string = afiliado.body.id;
    expect((await http('POST', `${url('afiliados')}/api/v1/afiliados/${afiliadoId}/activar`)).status).toBe(200);

    const campana = await http('POST', `${url('marketing-comisiones')}/api/v1/campanas`, {
      nombre: 'Black Friday',
      producto: 'Portátil',
      marca: 'Alpes',
      presupuesto: 5000,
      moneda: 'USD',
      reglas_comision: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 12.5 }],
    });
    expect(campana.status).toBe(201);
    const campanaId: string = campana.body.id;
    await eventually('assign', () => http('POST', `${url('marketing-comisiones')}/api/v1/campanas/${campanaId}/afiliados`, { afiliado_id: afiliadoId }), [200, 201]);
    expect((await http('POST', `${url('marketing-comisiones')}/api/v1/campanas/${campanaId}/activar`)).status).toBe(200);

    // conversiones learns the campaign and the assignment through marketing.eventos.
    await eventually(
      'impression accepted',
      () => http('POST', `${url('conversiones')}/api/v1/tracking/impresiones`, { campana_id: campanaId, afiliado_id: afiliadoId, usuario_id: 'u-1' }),
      [202],
    );
    const click = await http('POST', `${url('conversiones')}/api/v1/tracking/clicks`, {
      campana_id: campanaId,
      afiliado_id: afiliadoId,
      usuario_id: 'u-1',
      ip_address: '10.1.2.3',
    });
    expect(click.status).toBe(202);
    const clickId: string = click.body.id;

    const venta = await http('POST', `${url('conversiones')}/api/v1/conversiones`, {
      click_id: clickId,
      tipo_conversion: 'venta',
      valor_conversion: 199.99,
      moneda: 'USD',
      usuario_id: 'u-1',
      referencia_externa: `pedido-${randomUUID()}`,
    });
    expect(venta.status).toBe(202);
    const conversionId: string = venta.body.id;

    const validada = await eventually(
      'conversion validated',
      async () => {
        const r = await http('GET', `${url('conversiones')}/api/v1/conversiones/${conversionId}`);
        return r.status === 200 && r.body.estado === 'VALIDADA' ? r : { status: 0, body: r.body };
      },
      [200],
    );
    expect(validada.body).toMatchObject({ afiliado_id: afiliadoId, campana_id: campanaId, click_id: clickId });

    // 12.5 % of 199.99 = 24.99875 → 25.00 (HALF_UP to cents)
    const comision = await eventually('commission calculated', () => http('GET', `${url('marketing-comisiones')}/api/v1/comisiones/por-conversion/${conversionId}`), [200]);
    expect(comision.body).toMatchObject({ afiliado_id: afiliadoId, campana_id: campanaId, modelo: 'CPS', monto: 25, moneda: 'USD', estado: 'PENDIENTE' });
    const comisionId: string = comision.body.id;

    expect((await http('POST', `${url('marketing-comisiones')}/api/v1/comisiones/${comisionId}/aprobar`)).body.estado).toBe('APROBADA');
    const pago = await http('POST', `${url('marketing-comisiones')}/api/v1/pagos`, { afiliado_id: afiliadoId });
    expect(pago.status).toBe(201);
    expect(pago.body).toMatchObject({ estado: 'PROGRAMADO', monto: 25, comision_ids: [comisionId] });
    const ejecutado = await http('POST', `${url('marketing-comisiones')}/api/v1/pagos/${pago.body.id}/ejecutar`);
    expect(ejecutado.status).toBe(200);
    expect(ejecutado.body.estado).toBe('PAGADO');

    const stats = await eventually(
      'statistics reflect everything',
      async () => {
        const r = await http('GET', `${url('tracking-queries')}/tracking/queries/campanas/${campanaId}/estadisticas`);
        return r.status === 200 && r.body.comisiones_pagadas === 25 && r.body.conversiones === 1 ? r : { status: 0, body: r.body };
      },
      [200],
    );
    expect(stats.body).toMatchObject({ impresiones: 1, clicks: 1, conversiones: 1, ventas_total: 199.99, comisiones_pagadas: 25, moneda: 'USD' });
    const porAfiliado = await http('GET', `${url('tracking-queries')}/tracking/queries/influencers/${afiliadoId}/estadisticas`);
    expect(porAfiliado.body).toMatchObject({ impresiones: 1, clicks: 1, conversiones: 1, ventas_total: 199.99 });
  });

  it('a reverted conversion reverses its commission', async () => {
    const afiliado = await http('POST', `${url('afiliados')}/api/v1/afiliados`, {
      nombre: 'Marta Ruiz',
      email: `marta-${randomUUID()}@example.com`,
      tipo_afiliado: 'basico',
    });
    const afiliadoId: string = afiliado.body.id;
    await http('POST', `${url('afiliados')}/api/v1/afiliados/${afiliadoId}/activar`);
    const campana = await http('POST', `${url('marketing-comisiones')}/api/v1/campanas`, {
      nombre: 'Reembolsos',
      producto: 'Cámara',
      marca: 'Alpes',
      presupuesto: 1000,
      moneda: 'USD',
      reglas_comision: [{ tipo_evento: 'conversion', modelo: 'CPA', valor: 7 }],
    });
    const campanaId: string = campana.body.id;
    await eventually('assign', () => http('POST', `${url('marketing-comisiones')}/api/v1/campanas/${campanaId}/afiliados`, { afiliado_id: afiliadoId }), [200, 201]);
    await http('POST', `${url('marketing-comisiones')}/api/v1/campanas/${campanaId}/activar`);

    const conversion = await eventually(
      'conversion accepted',
      () =>
        http('POST', `${url('conversiones')}/api/v1/conversiones`, {
          afiliado_id: afiliadoId,
          campana_id: campanaId,
          tipo_conversion: 'registro',
          valor_conversion: 0,
          moneda: 'USD',
          referencia_externa: `alta-${randomUUID()}`,
        }),
      [202],
    );
    const conversionId: string = conversion.body.id;
    await eventually('commission calculated', () => http('GET', `${url('marketing-comisiones')}/api/v1/comisiones/por-conversion/${conversionId}`), [200]);

    const revert = await http('POST', `${url('conversiones')}/api/v1/conversiones/${conversionId}/revertir`, { motivo: 'devolucion' });
    expect(revert.status).toBe(202);
    const revertida = await eventually(
      'commission reverted',
      async () => {
        const r = await http('GET', `${url('marketing-comisiones')}/api/v1/comisiones/por-conversion/${conversionId}`);
        return r.body?.estado === 'REVERTIDA' ? r : { status: 0, body: r.body };
      },
      [200],
    );
    expect(revertida.body.monto).toBe(7);
    const estado = await http('GET', `${url('conversiones')}/api/v1/conversiones/${conversionId}`);
    expect(estado.body.estado).toBe('REVERTIDA');
    expect(estado.body.historial.map((h: { estado: string }) => h.estado)).toEqual(['REGISTRADA', 'VALIDADA', 'REVERTIDA']);
  });
});
