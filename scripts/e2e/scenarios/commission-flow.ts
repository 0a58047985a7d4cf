/**
 * Seed 003's full commission flow across the five services, over HTTP only: affiliates (one premium) → campaign with
 * rules (CPS venta, CPA registro, CPC, CPM) → impressions, clicks, conversions (conversiones) → validated and
 * attributed → commissions calculated (marketing-comisiones: CPS with the premium override, CPA, CPC/CPM accruals) →
 * approved → payout executed (PAGADO) → every statistic in tracking-queries and the event counts in monitoreo.
 */
import Decimal from 'decimal.js';
import { URLS, RUN_ID, crearAfiliadoActivo, crearCampanaActiva, enviarHastaAceptado, getAll, getJson, type Entity } from '../support/api';
import { eventosDeCampana, eventosFiltrados, statsDeAfiliado, statsDeCampana } from '../support/checks';
import { acumulado, cps, money, sum } from '../support/expected';
import { post } from '../support/http';
import type { Scenario, ScenarioContext } from '../support/scenario';

const TARIFA = { CPS: 12.5, CPA: 5, CPC: 0.25, CPM: 2 } as const;

async function trafico(campana: string, afiliado: string, impresiones: number, clicks: number, usuario: string): Promise<string[]> {
  for (let i = 0; i < impresiones; i++) await enviarHastaAceptado('impresiones', { campana_id: campana, afiliado_id: afiliado, usuario_id: usuario });
  const ids: string[] = [];
  for (let i = 0; i < clicks; i++) {
    const click = await enviarHastaAceptado('clicks', {
      campana_id: campana,
      afiliado_id: afiliado,
      usuario_id: usuario,
      // One IP per click: the flooding rule (clicks per IP, campaign and minute) must not flag any of them.
      ip_address: `10.${(i >> 8) & 255}.${i & 255}.${(Math.random() * 250) | 0}`,
      url: 'https://tienda.example.com/portatil',
    });
    ids.push(click['id'] as string);
  }
  return ids;
}

async function conversionFinal(id: string): Promise<Entity> {
  const c = await getJson(`${URLS.conversiones}/api/v1/conversiones/${id}`);
  if (c['estado'] === 'REGISTRADA') throw new Error(`conversion ${id} not processed yet`);
  return c;
}

export const commissionFlow: Scenario = {
  name: 'commission-flow',
  description:
    "Seed 003: affiliate → campaign with rules → impressions, clicks, conversions → commission calculated (CPS, premium override, CPA, CPC/CPM accruals) → approved → payout executed (PAGADO); tracking-queries statistics and monitoreo event counts match what was sent",
  async run(ctx: ScenarioContext) {
    const basico = await crearAfiliadoActivo({ nombre: 'María Gómez', tipo_afiliado: 'basico', comision_base: 10, tag: 'flow-basico' });
    const premium = await crearAfiliadoActivo({ nombre: 'Juan Pérez', tipo_afiliado: 'premium', comision_base: 15, comision_premium: 20, tag: 'flow-premium' });
    ctx.check('affiliates registered and ACTIVO', [{ estado: 'ACTIVO', tipo_afiliado: 'basico' }, { estado: 'ACTIVO', tipo_afiliado: 'premium' }], [basico, premium]);
    const B = basico['id'] as string;
    const P = premium['id'] as string;

    const campana = await crearCampanaActiva({
      nombre: `Flujo completo ${RUN_ID}`,
      presupuesto: 10_000,
      reglas: [
        { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: TARIFA.CPS },
        { tipo_evento: 'conversion', tipo_conversion: 'registro', modelo: 'CPA', valor: TARIFA.CPA },
        { tipo_evento: 'click', modelo: 'CPC', valor: TARIFA.CPC },
        { tipo_evento: 'impresion', modelo: 'CPM', valor: TARIFA.CPM },
      ],
      afiliados: [B, P],
    });
    const C = campana['id'] as string;
    ctx.note('afiliados', { basico: B, premium: P });
    ctx.note('campana', C);
    ctx.check('campaign ACTIVA with both affiliates', { estado: 'ACTIVA', presupuesto: 10_000, presupuesto_disponible: 10_000, moneda: 'USD' }, campana);
    ctx.check('campaign affiliates', [B, P].sort(), [...(campana['afiliados_ids'] as string[])].sort());

    // Traffic: the basico affiliate 10 impressions, 4 clicks; the premium one 6 and 2.
    const clicksB = await trafico(C, B, 10, 4, `u-${RUN_ID}-b`);
    const clicksP = await trafico(C, P, 6, 2, `u-${RUN_ID}-p`);
    // The sale names the user's first click; attribution takes the last click of the same usuario_id (last click wins).
    const ventaB = await enviarHastaAceptado('conversiones', {
      click_id: clicksB[0],
      tipo_conversion: 'venta',
      valor_conversion: 199.99,
      moneda: 'USD',
      usuario_id: `u-${RUN_ID}-b`,
      referencia_externa: `pedido-${RUN_ID}-1`,
    });
    const registroB = await enviarHastaAceptado('conversiones', {
      afiliado_id: B,
      campana_id: C,
      tipo_conversion: 'registro',
      valor_conversion: 0,
      moneda: 'USD',
      referencia_externa: `alta-${RUN_ID}-1`,
    });
    const ventaP = await enviarHastaAceptado('conversiones', {
      click_id: clicksP[1],
      tipo_conversion: 'venta',
      valor_conversion: 100,
      moneda: 'USD',
      usuario_id: `u-${RUN_ID}-p`,
      referencia_externa: `pedido-${RUN_ID}-2`,
    });
    ctx.check('conversions accepted as REGISTRADA', ['REGISTRADA', 'REGISTRADA', 'REGISTRADA'], [ventaB, registroB, ventaP].map((c) => c['estado']));

    const esperadas: [Entity, Record<string, unknown>][] = [
      [ventaB, { estado: 'VALIDADA', afiliado_id: B, campana_id: C, click_id: clicksB[clicksB.length - 1], tipo_conversion: 'venta', valor_conversion: 199.99, moneda: 'USD' }],
      [registroB, { estado: 'VALIDADA', afiliado_id: B, campana_id: C, tipo_conversion: 'registro', valor_conversion: 0 }],
      [ventaP, { estado: 'VALIDADA', afiliado_id: P, campana_id: C, click_id: clicksP[1], tipo_conversion: 'venta', valor_conversion: 100 }],
    ];
    for (const [conv, expected] of esperadas) {
      await ctx.eventuallyRequired(`conversion ${conv['id']} validated and attributed (last click of the user wins)`, () => conversionFinal(conv['id'] as string), {
        ...expected,
        historial: [{ estado: 'REGISTRADA' }, { estado: 'VALIDADA' }],
      });
    }

    // Commissions: 12.5 % of 199.99 = 24.99875 → 25.00; premium override 20 % of 100 = 20.00; CPA 5.
    const montoVentaB = cps(TARIFA.CPS, 199.99);
    const montoVentaP = cps(20, 100);
    const comisionDe = (conversionId: string) => getJson(`${URLS.marketing}/api/v1/comisiones/por-conversion/${conversionId}`);
    const cVentaB = await ctx.eventuallyRequired('CPS commission calculated (12.5 % of 199.99)', () => comisionDe(ventaB['id']), {
      conversion_id: ventaB['id'],
      afiliado_id: B,
      campana_id: C,
      tipo: 'conversion',
      modelo: 'CPS',
      porcentaje: 12.5,
      base: 199.99,
      monto: montoVentaB.toNumber(),
      moneda: 'USD',
      estado: 'PENDIENTE',
    });
    const cRegistroB = await ctx.eventuallyRequired('CPA commission calculated (5 per registro)', () => comisionDe(registroB['id']), {
      conversion_id: registroB['id'],
      modelo: 'CPA',
      monto: TARIFA.CPA,
      estado: 'PENDIENTE',
    });
    const cVentaP = await ctx.eventuallyRequired("premium affiliate's comision_premium overrides the CPS percentage (20 % of 100)", () => comisionDe(ventaP['id']), {
      conversion_id: ventaP['id'],
      afiliado_id: P,
      modelo: 'CPS',
      porcentaje: 20,
      monto: montoVentaP.toNumber(),
      estado: 'PENDIENTE',
    });

    // CPC/CPM accrue per affiliate, campaign and day from the exact counts.
    const acumulados = [
      { afiliado_id: B, modelo: 'CPC', cantidad: 4, monto: acumulado('CPC', TARIFA.CPC, 4).toNumber() },
      { afiliado_id: B, modelo: 'CPM', cantidad: 10, monto: acumulado('CPM', TARIFA.CPM, 10).toNumber() },
      { afiliado_id: P, modelo: 'CPC', cantidad: 2, monto: acumulado('CPC', TARIFA.CPC, 2).toNumber() },
      { afiliado_id: P, modelo: 'CPM', cantidad: 6, monto: acumulado('CPM', TARIFA.CPM, 6).toNumber() },
    ];
    await ctx.eventually(
      'CPC and CPM accruals count every click and impression',
      async () =>
        (await getAll(`${URLS.marketing}/api/v1/comisiones?campana_id=${C}`))
          .filter((c) => c['tipo'] === 'acumulado')
          .map((c) => ({ afiliado_id: c['afiliado_id'], modelo: c['modelo'], cantidad: c['cantidad'], monto: c['monto'] }))
          .sort((a, b) => `${a.afiliado_id === B ? 0 : 1}${a.modelo}`.localeCompare(`${b.afiliado_id === B ? 0 : 1}${b.modelo}`)),
      acumulados,
    );

    for (const c of [cVentaB, cRegistroB, cVentaP]) {
      const r = ctx.status(`approve commission ${c['id']}`, await post(`${URLS.marketing}/api/v1/comisiones/${c['id']}/aprobar`), [200]);
      ctx.check(`commission ${c['id']} APROBADA`, { estado: 'APROBADA' }, r.body);
    }

    const pago = ctx.status('payout scheduled for the basico affiliate', await post(`${URLS.marketing}/api/v1/pagos`, { afiliado_id: B }), [201]);
    const montoPagoB = money(montoVentaB.plus(TARIFA.CPA));
    ctx.check('payout PROGRAMADO with the two approved commissions', { afiliado_id: B, estado: 'PROGRAMADO', monto: montoPagoB.toNumber(), moneda: 'USD' }, pago.body);
    ctx.check('payout commission ids', [cVentaB['id'], cRegistroB['id']].sort(), [...((pago.body?.comision_ids as string[]) ?? [])].sort());
    const ejecutado = ctx.status('payout executed', await post(`${URLS.marketing}/api/v1/pagos/${pago.body.id}/ejecutar`), [200]);
    ctx.check('payout PAGADO', { id: pago.body.id, estado: 'PAGADO', monto: montoPagoB.toNumber() }, ejecutado.body);
    ctx.note('pago', pago.body.id);
    for (const c of [cVentaB, cRegistroB]) {
      ctx.check(`commission ${c['id']} PAGADA in the payout`, { estado: 'PAGADA', pago_id: pago.body.id }, await getJson(`${URLS.marketing}/api/v1/comisiones/${c['id']}`));
    }
    ctx.check('premium commission still APROBADA (not paid)', { estado: 'APROBADA', pago_id: null }, await getJson(`${URLS.marketing}/api/v1/comisiones/${cVentaP['id']}`));

    // tracking-queries: every statistic, per campaign and per affiliate.
    const accrualsB = sum([acumulados[0].monto, acumulados[1].monto]);
    const accrualsP = sum([acumulados[2].monto, acumulados[3].monto]);
    const statsB = {
      impresiones: 10,
      clicks: 4,
      conversiones: 2,
      conversiones_rechazadas: 0,
      conversiones_revertidas: 0,
      ventas_total: 199.99,
      comisiones_total: montoPagoB.plus(accrualsB),
      comisiones_aprobadas: montoPagoB,
      comisiones_pagadas: montoPagoB,
    };
    const statsP = {
      impresiones: 6,
      clicks: 2,
      conversiones: 1,
      conversiones_rechazadas: 0,
      conversiones_revertidas: 0,
      ventas_total: 100,
      comisiones_total: montoVentaP.plus(accrualsP),
      comisiones_aprobadas: montoVentaP,
      comisiones_pagadas: 0,
    };
    const suma = (k: keyof typeof statsB) => new Decimal(statsB[k] as Decimal.Value).plus(statsP[k] as Decimal.Value);
    await statsDeCampana(ctx, 'campaign statistics (every field)', C, {
      impresiones: 16,
      clicks: 6,
      conversiones: 3,
      conversiones_rechazadas: 0,
      conversiones_revertidas: 0,
      ventas_total: suma('ventas_total'),
      comisiones_total: suma('comisiones_total'),
      comisiones_aprobadas: suma('comisiones_aprobadas'),
      comisiones_pagadas: suma('comisiones_pagadas'),
    });
    await statsDeAfiliado(ctx, 'basico affiliate statistics (every field)', B, statsB);
    await statsDeAfiliado(ctx, 'premium affiliate statistics (every field)', P, statsP);
    ctx.check(
      'campaign lists in tracking-queries',
      { impresiones: 16, conversiones: 3, validadas: 3 },
      {
        impresiones: (await getJson(`${URLS.queries}/tracking/queries/campanas/${C}/impresiones?limit=1`))['total'],
        conversiones: (await getJson(`${URLS.queries}/tracking/queries/campanas/${C}/conversiones?limit=1`))['total'],
        validadas: (await getJson(`${URLS.queries}/tracking/queries/campanas/${C}/conversiones?estado=VALIDADA&limit=1`))['total'],
      },
    );
    ctx.check(
      'conversion by id in tracking-queries',
      { id: ventaB['id'], estado: 'VALIDADA', afiliado_id: B, campana_id: C, valor_conversion: 199.99, moneda: 'USD' },
      await getJson(`${URLS.queries}/tracking/queries/conversiones/${ventaB['id']}`),
    );

    // monitoreo: the campaign's events in the unified log.
    await eventosDeCampana(ctx, 'monitoreo event log: the campaign’s events by type', C, {
      ImpresionRegistrada: 16,
      ClickRegistrado: 6,
      ConversionValidada: 3,
      ConversionRechazada: 0,
    });
    await eventosFiltrados(ctx, 'monitoreo /events: category sale for the campaign (2 ventas)', { campaign_id: C, event_type: 'sale' }, 2);
    await eventosFiltrados(ctx, 'monitoreo /events: clicks of the basico affiliate', { affiliate_id: B, event_type: 'ClickRegistrado' }, 4);
    await eventosFiltrados(ctx, 'monitoreo /events: impressions of the premium user', { user_id: `u-${RUN_ID}-p`, event_type: 'ImpresionRegistrada' }, 6);
  },
};
