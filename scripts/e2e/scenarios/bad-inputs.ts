/**
 * Bad inputs on every service are answered with the right 4xx and the platform's error body — never a 5xx:
 * malformed JSON, missing fields, wrong types, unknown fields, unknown ids (404), malformed ids, illegal transitions
 * and duplicates (409), business refusals (422), bad query parameters (e.g. /metrics?period=2d), oversized bodies (413).
 */
import { randomUUID } from 'node:crypto';
import { SERVICE_APP, URLS, RUN_ID, crearAfiliadoActivo, crearCampanaActiva, type ServiceKey } from '../support/api';
import { request, type Reply } from '../support/http';
import type { Scenario, ScenarioContext } from '../support/scenario';

interface Case {
  readonly service: ServiceKey;
  readonly what: string;
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** For a 400: the field the error must name (in `errors[].field`, else in the message). */
  readonly field?: string;
  /** The stable error code, when the contract fixes one. */
  readonly code?: string;
}

function namesField(body: unknown, field: string): boolean {
  const b = body as { errors?: { field?: string }[]; message?: unknown } | undefined;
  if (b?.errors?.some((e) => e.field === field || e.field?.startsWith(`${field}.`) || e.field?.startsWith(`${field}[`))) return true;
  return JSON.stringify(b?.message ?? '').includes(field);
}

function casos(ids: { afiliado: string; campana: string }): Case[] {
  const nadie = randomUUID();
  const MALFORMED = '{"nombre": "x",';
  const big = JSON.stringify({ nombre: 'x'.repeat(1_100_000), email: 'big@example.com', tipo_afiliado: 'basico' });
  const tracking = { campana_id: ids.campana, afiliado_id: ids.afiliado };
  return [
    // ------------------------------------------------------------------------------------------ afiliados
    { service: 'afiliados', what: 'malformed JSON', method: 'POST', path: '/api/v1/afiliados', raw: MALFORMED, status: 400 },
    { service: 'afiliados', what: 'missing nombre', method: 'POST', path: '/api/v1/afiliados', json: { email: `x-${RUN_ID}@example.com`, tipo_afiliado: 'basico' }, status: 400, field: 'nombre', code: 'VALIDACION.DATOS_INVALIDOS' },
    { service: 'afiliados', what: 'wrong type (nombre: 5)', method: 'POST', path: '/api/v1/afiliados', json: { nombre: 5, email: `x-${RUN_ID}@example.com`, tipo_afiliado: 'basico' }, status: 400, field: 'nombre' },
    { service: 'afiliados', what: 'invalid tipo_afiliado', method: 'POST', path: '/api/v1/afiliados', json: { nombre: 'X', email: `x-${RUN_ID}@example.com`, tipo_afiliado: 'vip' }, status: 400, field: 'tipo_afiliado' },
    { service: 'afiliados', what: 'invalid email', method: 'POST', path: '/api/v1/afiliados', json: { nombre: 'X', email: 'no-es-un-email', tipo_afiliado: 'basico' }, status: 400, field: 'email' },
    { service: 'afiliados', what: 'unknown field', method: 'POST', path: '/api/v1/afiliados', json: { nombre: 'X', email: `x-${RUN_ID}@example.com`, tipo_afiliado: 'basico', saldo: 1 }, status: 400, field: 'saldo' },
    { service: 'afiliados', what: 'body over 1 MiB', method: 'POST', path: '/api/v1/afiliados', raw: big, status: 413 },
    { service: 'afiliados', what: 'unknown id', method: 'GET', path: `/api/v1/afiliados/${nadie}`, status: 404 },
    { service: 'afiliados', what: 'malformed id', method: 'GET', path: '/api/v1/afiliados/no-es-uuid', status: 400 },
    { service: 'afiliados', what: 'activate an unknown affiliate', method: 'POST', path: `/api/v1/afiliados/${nadie}/activar`, status: 404 },
    { service: 'afiliados', what: 'activate an ACTIVO affiliate (illegal transition)', method: 'POST', path: `/api/v1/afiliados/${ids.afiliado}/activar`, status: 409 },
    { service: 'afiliados', what: 'suspend without motivo', method: 'POST', path: `/api/v1/afiliados/${ids.afiliado}/suspender`, json: {}, status: 400, field: 'motivo' },
    { service: 'afiliados', what: 'commission settings with a string', method: 'PUT', path: `/api/v1/afiliados/${ids.afiliado}/configuracion-comisiones`, json: { comision_base: 'diez' }, status: 400, field: 'comision_base' },
    { service: 'afiliados', what: 'list with limit over 100', method: 'GET', path: '/api/v1/afiliados?limit=1000', status: 400, field: 'limit' },
    { service: 'afiliados', what: 'list with unknown estado', method: 'GET', path: '/api/v1/afiliados?estado=FOO', status: 400, field: 'estado' },
    { service: 'afiliados', what: 'duplicate email', method: 'POST', path: '/api/v1/afiliados', json: { nombre: 'Otro', email: `e2e-${RUN_ID}-invalidos@example.com`, tipo_afiliado: 'basico' }, status: 409 },
    // ------------------------------------------------------------------------------------------ conversiones
    { service: 'conversiones', what: 'malformed JSON', method: 'POST', path: '/api/v1/tracking/impresiones', raw: '{"campana_id":', status: 400 },
    { service: 'conversiones', what: 'impression without campana_id', method: 'POST', path: '/api/v1/tracking/impresiones', json: { afiliado_id: ids.afiliado }, status: 400, field: 'campana_id' },
    { service: 'conversiones', what: 'impression with a numeric campana_id', method: 'POST', path: '/api/v1/tracking/impresiones', json: { campana_id: 5, afiliado_id: ids.afiliado }, status: 400, field: 'campana_id' },
    { service: 'conversiones', what: 'impression of an unknown campaign', method: 'POST', path: '/api/v1/tracking/impresiones', json: { campana_id: nadie, afiliado_id: ids.afiliado }, status: 404, code: 'TRACKING.CAMPANA_DESCONOCIDA' },
    { service: 'conversiones', what: 'click of an unknown affiliate', method: 'POST', path: '/api/v1/tracking/clicks', json: { campana_id: ids.campana, afiliado_id: nadie }, status: 404, code: 'TRACKING.AFILIADO_DESCONOCIDO' },
    { service: 'conversiones', what: 'click with an invalid IP', method: 'POST', path: '/api/v1/tracking/clicks', json: { ...tracking, ip_address: '999.1.1.1' }, status: 400, field: 'ip_address' },
    { service: 'conversiones', what: 'click timestamp in the future', method: 'POST', path: '/api/v1/tracking/clicks', json: { ...tracking, timestamp: '2999-01-01T00:00:00Z' }, status: 400, field: 'timestamp' },
    { service: 'conversiones', what: 'conversion with a string value', method: 'POST', path: '/api/v1/conversiones', json: { ...tracking, tipo_conversion: 'venta', valor_conversion: 'abc', moneda: 'USD' }, status: 400, field: 'valor_conversion' },
    { service: 'conversiones', what: 'conversion with an unknown tipo', method: 'POST', path: '/api/v1/conversiones', json: { ...tracking, tipo_conversion: 'compra', valor_conversion: 1, moneda: 'USD' }, status: 400, field: 'tipo_conversion' },
    { service: 'conversiones', what: 'conversion with neither click_id nor afiliado/campana', method: 'POST', path: '/api/v1/conversiones', json: { tipo_conversion: 'venta', valor_conversion: 1, moneda: 'USD' }, status: 400, field: 'afiliado_id' },
    { service: 'conversiones', what: 'conversion with an invalid currency', method: 'POST', path: '/api/v1/conversiones', json: { ...tracking, tipo_conversion: 'venta', valor_conversion: 1, moneda: 'XYZ' }, status: 400, field: 'moneda' },
    { service: 'conversiones', what: 'conversion of an unknown campaign', method: 'POST', path: '/api/v1/conversiones', json: { afiliado_id: ids.afiliado, campana_id: nadie, tipo_conversion: 'venta', valor_conversion: 1, moneda: 'USD' }, status: 404 },
    { service: 'conversiones', what: 'body over 1 MiB', method: 'POST', path: '/api/v1/conversiones', raw: JSON.stringify({ ...tracking, referencia_externa: 'x'.repeat(1_100_000) }), status: 413 },
    { service: 'conversiones', what: 'unknown conversion id', method: 'GET', path: `/api/v1/conversiones/e2e-${RUN_ID}-no-existe`, status: 404 },
    { service: 'conversiones', what: 'revert an unknown conversion', method: 'POST', path: `/api/v1/conversiones/e2e-${RUN_ID}-no-existe/revertir`, json: { motivo: 'x' }, status: 404 },
    { service: 'conversiones', what: 'revert without motivo', method: 'POST', path: `/api/v1/conversiones/e2e-${RUN_ID}-no-existe/revertir`, json: {}, status: 400, field: 'motivo' },
    { service: 'conversiones', what: 'fraud counters with a blank campana_id', method: 'GET', path: '/api/v1/tracking/fraude?campana_id=%20', status: 400, field: 'campana_id' },
    // ------------------------------------------------------------------------------------------ marketing-comisiones
    { service: 'marketing', what: 'malformed JSON', method: 'POST', path: '/api/v1/campanas', raw: '{"nombre":', status: 400 },
    { service: 'marketing', what: 'campaign without reglas_comision', method: 'POST', path: '/api/v1/campanas', json: { nombre: 'X', producto: 'p', marca: 'm', presupuesto: 100, moneda: 'USD' }, status: 400, field: 'reglas_comision' },
    { service: 'marketing', what: 'campaign with a string budget', method: 'POST', path: '/api/v1/campanas', json: { nombre: 'X', producto: 'p', marca: 'm', presupuesto: 'mucho', moneda: 'USD', reglas_comision: [{ tipo_evento: 'click', modelo: 'CPC', valor: 1 }] }, status: 400, field: 'presupuesto' },
    { service: 'marketing', what: 'campaign rule with an unknown model', method: 'POST', path: '/api/v1/campanas', json: { nombre: 'X', producto: 'p', marca: 'm', presupuesto: 100, moneda: 'USD', reglas_comision: [{ tipo_evento: 'conversion', modelo: 'XYZ', valor: 1 }] }, status: 400, field: 'reglas_comision' },
    { service: 'marketing', what: 'unknown campaign', method: 'GET', path: `/api/v1/campanas/${nadie}`, status: 404 },
    { service: 'marketing', what: 'malformed campaign id', method: 'GET', path: '/api/v1/campanas/no-es-uuid', status: 400 },
    { service: 'marketing', what: 'activate an ACTIVA campaign (illegal transition)', method: 'POST', path: `/api/v1/campanas/${ids.campana}/activar`, status: 409 },
    { service: 'marketing', what: 'activate an unknown campaign', method: 'POST', path: `/api/v1/campanas/${nadie}/activar`, status: 404 },
    { service: 'marketing', what: 'assign an unknown affiliate', method: 'POST', path: `/api/v1/campanas/${ids.campana}/afiliados`, json: { afiliado_id: nadie }, status: 404 },
    { service: 'marketing', what: 'assign without afiliado_id', method: 'POST', path: `/api/v1/campanas/${ids.campana}/afiliados`, json: {}, status: 400, field: 'afiliado_id' },
    { service: 'marketing', what: 'campaigns with unknown estado', method: 'GET', path: '/api/v1/campanas?estado=FOO', status: 400, field: 'estado' },
    { service: 'marketing', what: 'commissions with limit=0', method: 'GET', path: '/api/v1/comisiones?limit=0', status: 400, field: 'limit' },
    { service: 'marketing', what: 'unknown commission', method: 'GET', path: `/api/v1/comisiones/${nadie}`, status: 404 },
    { service: 'marketing', what: 'approve an unknown commission', method: 'POST', path: `/api/v1/comisiones/${nadie}/aprobar`, status: 404 },
    { service: 'marketing', what: 'reject with a blank motivo', method: 'POST', path: `/api/v1/comisiones/${nadie}/rechazar`, json: { motivo: '' }, status: 400, field: 'motivo' },
    { service: 'marketing', what: 'manual commission with an unknown tipo_comision', method: 'POST', path: '/api/v1/comisiones', json: { afiliado_id: ids.afiliado, conversion_id: `e2e-${RUN_ID}-manual`, tipo_comision: 'otra' }, status: 400, field: 'tipo_comision' },
    { service: 'marketing', what: 'payout without afiliado_id', method: 'POST', path: '/api/v1/pagos', json: {}, status: 400, field: 'afiliado_id' },
    { service: 'marketing', what: 'payout with no approved commissions (business refusal)', method: 'POST', path: '/api/v1/pagos', json: { afiliado_id: ids.afiliado }, status: 422, code: 'PAGO.SIN_COMISIONES' },
    { service: 'marketing', what: 'execute an unknown payout', method: 'POST', path: `/api/v1/pagos/${nadie}/ejecutar`, status: 404 },
    // ------------------------------------------------------------------------------------------ tracking-queries
    { service: 'queries', what: 'statistics of an unknown campaign', method: 'GET', path: `/tracking/queries/campanas/${nadie}/estadisticas`, status: 404 },
    { service: 'queries', what: 'statistics of an unknown affiliate', method: 'GET', path: `/tracking/queries/influencers/${nadie}/estadisticas`, status: 404 },
    { service: 'queries', what: 'malformed campaign id', method: 'GET', path: '/tracking/queries/campanas/bad%20id/estadisticas', status: 400, field: 'id' },
    { service: 'queries', what: 'statistics with a bad moneda', method: 'GET', path: `/tracking/queries/campanas/${nadie}/estadisticas?moneda=xx`, status: 400, field: 'moneda' },
    { service: 'queries', what: 'impressions with limit=0', method: 'GET', path: `/tracking/queries/campanas/${nadie}/impresiones?limit=0`, status: 400, field: 'limit' },
    { service: 'queries', what: 'conversions with an unknown estado', method: 'GET', path: `/tracking/queries/campanas/${nadie}/conversiones?estado=FOO`, status: 400, field: 'estado' },
    { service: 'queries', what: 'unknown impression', method: 'GET', path: `/tracking/queries/impresiones/e2e-${RUN_ID}-no-existe`, status: 404 },
    { service: 'queries', what: 'unknown conversion', method: 'GET', path: `/tracking/queries/conversiones/e2e-${RUN_ID}-no-existe`, status: 404 },
    { service: 'queries', what: 'rebuild with malformed JSON', method: 'POST', path: '/tracking/queries/admin/rebuild', raw: '{"x":', status: 400 },
    { service: 'queries', what: 'unknown rebuild', method: 'GET', path: `/tracking/queries/admin/rebuild/${nadie}`, status: 404 },
    // ------------------------------------------------------------------------------------------ monitoreo
    { service: 'monitoreo', what: 'metrics with period=2d', method: 'GET', path: '/metrics?period=2d', status: 400, field: 'period' },
    { service: 'monitoreo', what: 'metrics with period=1y', method: 'GET', path: '/metrics?period=1y', status: 400, field: 'period' },
    { service: 'monitoreo', what: 'events with limit=0', method: 'GET', path: '/events?limit=0', status: 400, field: 'limit' },
    { service: 'monitoreo', what: 'events with limit over 1000', method: 'GET', path: '/events?limit=1001', status: 400, field: 'limit' },
    { service: 'monitoreo', what: 'events with a non-numeric limit', method: 'GET', path: '/events?limit=abc', status: 400, field: 'limit' },
    { service: 'monitoreo', what: 'alerts with an unknown estado', method: 'GET', path: '/alertas?estado=FOO', status: 400, field: 'estado' },
    { service: 'monitoreo', what: 'alert rule with malformed JSON', method: 'PUT', path: '/alertas/reglas/TASA_CONVERSION_BAJA', raw: '{"umbral":', status: 400 },
    { service: 'monitoreo', what: 'alert rule with a string umbral', method: 'PUT', path: '/alertas/reglas/TASA_CONVERSION_BAJA', json: { umbral: 'bajo', periodo: '1h', minimo_clicks: 100, activa: true }, status: 400, field: 'umbral' },
    { service: 'monitoreo', what: 'alert rule with period=2d', method: 'PUT', path: '/alertas/reglas/TASA_CONVERSION_BAJA', json: { umbral: 2, periodo: '2d', minimo_clicks: 100, activa: true }, status: 400, field: 'periodo' },
    { service: 'monitoreo', what: 'unknown alert rule', method: 'PUT', path: '/alertas/reglas/NO_EXISTE', json: { umbral: 2, periodo: '1h', minimo_clicks: 100, activa: true }, status: 404 },
    { service: 'monitoreo', what: 'audit trail with a bad date', method: 'GET', path: '/auditoria?desde=ayer', status: 400, field: 'desde' },
    { service: 'monitoreo', what: 'audit trail with limit=0', method: 'GET', path: '/auditoria?limit=0', status: 400, field: 'limit' },
  ];
}

export const badInputs: Scenario = {
  name: 'bad-inputs',
  description:
    'Every service answers bad inputs (malformed JSON, missing fields, wrong types, unknown fields and ids, illegal transitions, bad query parameters such as /metrics?period=2d, bodies over 1 MiB) with the right 4xx and its error body, never a 5xx',
  async run(ctx: ScenarioContext) {
    const afiliado = await crearAfiliadoActivo({ nombre: 'Inés Invalida', tipo_afiliado: 'basico', comision_base: 10, tag: 'invalidos' });
    const campana = await crearCampanaActiva({
      nombre: `Entradas inválidas ${RUN_ID}`,
      presupuesto: 100,
      reglas: [{ tipo_evento: 'click', modelo: 'CPC', valor: 0.1 }],
      afiliados: [afiliado['id'] as string],
    });
    const ids = { afiliado: afiliado['id'] as string, campana: campana['id'] as string };
    ctx.note('ids', ids);
    const porServicio: Record<string, { casos: number; con_5xx: number }> = {};
    for (const c of casos(ids)) {
      const reply: Reply = await request(c.method, `${URLS[c.service]}${c.path}`, {
        ...(c.json !== undefined ? { json: c.json } : {}),
        ...(c.raw !== undefined ? { raw: c.raw } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
        timeoutMs: 20_000,
      });
      const stats = (porServicio[SERVICE_APP[c.service]] ??= { casos: 0, con_5xx: 0 });
      stats.casos++;
      if (reply.status >= 500) stats.con_5xx++;
      const expected: Record<string, unknown> = { status: c.status, statusCode: c.status };
      const body = typeof reply.body === 'object' && reply.body !== null ? (reply.body as Record<string, unknown>) : {};
      const actual: Record<string, unknown> = {
        status: reply.status,
        statusCode: body['statusCode'],
      };
      if (c.code) {
        expected['code'] = c.code;
        actual['code'] = body['code'];
      }
      if (c.field) {
        expected['names_field'] = c.field;
        actual['names_field'] = namesField(body, c.field) ? c.field : `not named; body ${reply.text.slice(0, 200)}`;
      }
      if (reply.status !== c.status) actual['body'] = reply.status === 0 ? reply.error : reply.text.slice(0, 300);
      ctx.check(`${SERVICE_APP[c.service]}: ${c.what} (${c.method} ${c.path.slice(0, 80)}) → ${c.status}`, expected, actual);
    }
    ctx.check(
      'no 5xx on any service',
      Object.fromEntries(Object.keys(porServicio).map((k) => [k, 0])),
      Object.fromEntries(Object.entries(porServicio).map(([k, v]) => [k, v.con_5xx])),
    );
    ctx.note('cases_per_service', porServicio);
  },
};
