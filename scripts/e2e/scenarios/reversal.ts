/**
 * A reverted conversion reverses its commission: while PENDIENTE the commission becomes REVERTIDA and the campaign gets
 * its budget back; once PAGADA it becomes REVERTIDA and a negative adjustment (ajuste, PENDIENTE_DESCUENTO) waits for
 * the next payout. conversiones shows REVERTIDA with its history, tracking-queries stops counting the sale, monitoreo
 * counts the reversals.
 */
import { URLS, RUN_ID, crearAfiliadoActivo, crearCampanaActiva, enviarHastaAceptado, getAll, getJson, type Entity } from '../support/api';
import { eventosDeCampana, statsDeCampana } from '../support/checks';
import { cps } from '../support/expected';
import { post } from '../support/http';
import type { Scenario, ScenarioContext } from '../support/scenario';

async function conversionFinal(id: string): Promise<Entity> {
  const c = await getJson(`${URLS.conversiones}/api/v1/conversiones/${id}`);
  if (c['estado'] === 'REGISTRADA') throw new Error(`conversion ${id} not processed yet`);
  return c;
}

export const reversal: Scenario = {
  name: 'reversal',
  description:
    'A reverted conversion (refund) reverses its commission: PENDIENTE → REVERTIDA with the budget returned; PAGADA → REVERTIDA plus a negative adjustment for the next payout; statistics and monitoreo follow',
  async run(ctx: ScenarioContext) {
    const afiliado = await crearAfiliadoActivo({ nombre: 'Marta Ruiz', tipo_afiliado: 'basico', comision_base: 10, tag: 'reversion' });
    const A = afiliado['id'] as string;
    const campana = await crearCampanaActiva({
      nombre: `Reembolsos ${RUN_ID}`,
      presupuesto: 1000,
      reglas: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 10 }],
      afiliados: [A],
    });
    const C = campana['id'] as string;
    ctx.note('afiliado', A);
    ctx.note('campana', C);

    const venta = (valor: number, n: number) =>
      enviarHastaAceptado('conversiones', {
        afiliado_id: A,
        campana_id: C,
        tipo_conversion: 'venta',
        valor_conversion: valor,
        moneda: 'USD',
        referencia_externa: `pedido-${RUN_ID}-rev-${n}`,
      });
    const comisionDe = (id: unknown) => getJson(`${URLS.marketing}/api/v1/comisiones/por-conversion/${id}`);

    // 1. Reverted while the commission is PENDIENTE.
    const v1 = await venta(80, 1);
    await ctx.eventuallyRequired('sale validated', () => conversionFinal(v1['id'] as string), { estado: 'VALIDADA' });
    const c1 = await ctx.eventuallyRequired('commission calculated (10 % of 80)', () => comisionDe(v1['id']), { estado: 'PENDIENTE', monto: cps(10, 80).toNumber() });
    await ctx.eventually('the commission consumed the budget', () => getJson(`${URLS.marketing}/api/v1/campanas/${C}`), { presupuesto_disponible: 992 });
    const r1 = await post(`${URLS.conversiones}/api/v1/conversiones/${v1['id']}/revertir`, { motivo: 'devolucion' });
    ctx.status('revert accepted', r1, [202]);
    await ctx.eventually('conversion REVERTIDA with its history', () => conversionFinal(v1['id'] as string), {
      estado: 'REVERTIDA',
      motivo_reversion: 'devolucion',
      historial: [{ estado: 'REGISTRADA' }, { estado: 'VALIDADA' }, { estado: 'REVERTIDA' }],
    });
    await ctx.eventually('PENDIENTE commission REVERTIDA', () => comisionDe(v1['id']), { id: c1['id'], estado: 'REVERTIDA', monto: 8 });
    await ctx.eventually('budget returned to the campaign', () => getJson(`${URLS.marketing}/api/v1/campanas/${C}`), { presupuesto_disponible: 1000 });
    ctx.status('a second revert of the same conversion is refused', await post(`${URLS.conversiones}/api/v1/conversiones/${v1['id']}/revertir`, { motivo: 'otra vez' }), [409]);

    // 2. Reverted after the commission was paid: a negative adjustment for the next payout.
    const v2 = await venta(50, 2);
    const c2 = await ctx.eventuallyRequired('second commission calculated (10 % of 50)', () => comisionDe(v2['id']), { estado: 'PENDIENTE', monto: 5 });
    ctx.status('approve', await post(`${URLS.marketing}/api/v1/comisiones/${c2['id']}/aprobar`), [200]);
    const pago = ctx.status('payout', await post(`${URLS.marketing}/api/v1/pagos`, { afiliado_id: A }), [201]);
    ctx.check('payout PAGADO', { estado: 'PAGADO', monto: 5 }, ctx.status('execute payout', await post(`${URLS.marketing}/api/v1/pagos/${pago.body.id}/ejecutar`), [200]).body);
    ctx.status('revert the paid sale', await post(`${URLS.conversiones}/api/v1/conversiones/${v2['id']}/revertir`, { motivo: 'contracargo' }), [202]);
    await ctx.eventually('paid commission REVERTIDA', () => comisionDe(v2['id']), { id: c2['id'], estado: 'REVERTIDA', monto: 5 });
    await ctx.eventually(
      'negative adjustment waiting for the next payout',
      async () => (await getAll(`${URLS.marketing}/api/v1/comisiones?campana_id=${C}`)).filter((c) => c['tipo'] === 'ajuste'),
      [{ tipo: 'ajuste', afiliado_id: A, monto: -5, estado: 'PENDIENTE_DESCUENTO', comision_origen_id: c2['id'] }],
    );

    await statsDeCampana(ctx, 'statistics no longer count the reverted sales or their commissions', C, {
      impresiones: 0,
      clicks: 0,
      conversiones: 0,
      conversiones_rechazadas: 0,
      conversiones_revertidas: 2,
      ventas_total: 0,
      comisiones_total: 0,
      comisiones_aprobadas: 0,
      comisiones_pagadas: 0,
    });
    await eventosDeCampana(ctx, 'monitoreo counts both validations and both reversals', C, { ConversionValidada: 2, ConversionRevertida: 2 });
  },
};
