/**
 * The five services as the end-to-end suite drives them: base URLs from the environment (defaults: the ports of
 * DESIGN.md §1), and the few multi-step operations every scenario needs (a fresh active affiliate, an active
 * campaign with rules and assigned affiliates, tracking calls retried until accepted).
 */
import { randomUUID } from 'node:crypto';
import { describe, get, post, request, sleep, type Reply } from './http';
import { LEDGER } from './ledger';

function baseUrl(name: string, port: number): string {
  const env = process.env[`${name}_URL`];
  if (env) return env.replace(/\/+$/, '');
  return `http://127.0.0.1:${process.env[`${name}_PORT`] || port}`;
}

export const URLS = {
  afiliados: baseUrl('AFILIADOS', 8001),
  conversiones: baseUrl('CONVERSIONES', 8002),
  marketing: baseUrl('MARKETING_COMISIONES', 8003),
  queries: baseUrl('TRACKING_QUERIES', 8004),
  monitoreo: baseUrl('MONITOREO', 8005),
} as const;

export type ServiceKey = keyof typeof URLS;

export const SERVICE_APP: Record<ServiceKey, string> = {
  afiliados: 'afiliados',
  conversiones: 'conversiones',
  marketing: 'marketing-comisiones',
  queries: 'tracking-queries',
  monitoreo: 'monitoreo',
};

/** A short id for this run: names test entities (emails, client ids) so re-runs never collide. */
export const RUN_ID = process.env['E2E_RUN_ID'] || randomUUID().slice(0, 8);

let seq = 0;
/** A client id for tracking calls (conversiones' `ID_PROPIO`: 1-64 of letters, digits, . _ : -). */
export function clientId(kind: string): string {
  seq += 1;
  return `e2e-${RUN_ID}-${kind}-${seq}`;
}

export class ApiError extends Error {
  constructor(
    readonly what: string,
    readonly reply: Reply,
  ) {
    super(`${what}: ${describe(reply)}`);
  }
}

export function expectStatus(what: string, reply: Reply, statuses: number[]): Reply {
  if (!statuses.includes(reply.status)) throw new ApiError(what, reply);
  return reply;
}

/** Repeats `call` while it answers one of `retryOn` (other services learn through events), up to `timeoutMs`. */
export async function until(what: string, call: () => Promise<Reply>, ok: number[], retryOn: number[], timeoutMs = 90_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await call();
    if (ok.includes(reply.status)) return reply;
    if (!retryOn.includes(reply.status) || Date.now() > deadline) throw new ApiError(what, reply);
    await sleep(250);
  }
}

// ------------------------------------------------------------------------------------------------ entities

export interface AfiliadoSpec {
  readonly nombre: string;
  readonly tipo_afiliado: 'basico' | 'premium' | 'influencer';
  readonly comision_base: number;
  readonly comision_premium?: number;
  /** Distinguishes affiliates of one run in their emails. */
  readonly tag: string;
}

// Entities are whatever the services answer; each check names the fields it looks at.
export type Entity = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Registers and activates an affiliate; returns it as afiliados answers after `activar`. */
export async function crearAfiliadoActivo(spec: AfiliadoSpec): Promise<Entity> {
  const reply = expectStatus(
    `register affiliate ${spec.nombre}`,
    await post(`${URLS.afiliados}/api/v1/afiliados`, {
      id: randomUUID(),
      nombre: spec.nombre,
      email: `e2e-${RUN_ID}-${spec.tag}@example.com`,
      tipo_afiliado: spec.tipo_afiliado,
      configuracion_comisiones: {
        comision_base: spec.comision_base,
        ...(spec.comision_premium !== undefined ? { comision_premium: spec.comision_premium } : {}),
      },
    }),
    [200, 201],
  );
  const activado = expectStatus(`activate affiliate ${spec.nombre}`, await post(`${URLS.afiliados}/api/v1/afiliados/${reply.body.id}/activar`), [200]);
  return activado.body;
}

export interface Regla {
  readonly tipo_evento: 'impresion' | 'click' | 'conversion';
  readonly tipo_conversion?: string;
  readonly modelo: 'CPM' | 'CPC' | 'CPA' | 'CPS';
  readonly valor: number;
}

export interface CampanaSpec {
  readonly nombre: string;
  readonly presupuesto: number;
  readonly moneda?: string;
  readonly reglas: readonly Regla[];
  readonly afiliados: readonly string[];
  readonly producto?: string;
}

/**
 * Creates a campaign, assigns the affiliates (marketing-comisiones learns of them through afiliados.eventos: 404/422
 * until it has) and activates it; returns the campaign as answered after `activar`.
 */
export async function crearCampanaActiva(spec: CampanaSpec): Promise<Entity> {
  const creada = expectStatus(
    `create campaign ${spec.nombre}`,
    await post(`${URLS.marketing}/api/v1/campanas`, {
      id: randomUUID(),
      nombre: spec.nombre,
      producto: spec.producto ?? 'Producto E2E',
      marca: 'Alpes',
      presupuesto: spec.presupuesto,
      moneda: spec.moneda ?? 'USD',
      reglas_comision: spec.reglas,
    }),
    [200, 201],
  );
  const id = creada.body.id as string;
  for (const afiliado of spec.afiliados) {
    await until(
      `assign affiliate ${afiliado} to campaign ${id}`,
      () => post(`${URLS.marketing}/api/v1/campanas/${id}/afiliados`, { afiliado_id: afiliado }),
      [200, 201],
      [404, 409, 422],
    );
  }
  const activa = expectStatus(`activate campaign ${id}`, await post(`${URLS.marketing}/api/v1/campanas/${id}/activar`), [200]);
  return activa.body;
}

// ------------------------------------------------------------------------------------------------ tracking

export type TrackingKind = 'impresiones' | 'clicks' | 'conversiones';

const TRACKING_PATH: Record<TrackingKind, string> = {
  impresiones: '/api/v1/tracking/impresiones',
  clicks: '/api/v1/tracking/clicks',
  conversiones: '/api/v1/conversiones',
};

/**
 * Sends one tracking call with a client `id` and repeats the SAME request until conversiones answers 202:
 * 404/422 while conversiones has not yet learnt the campaign or assignment, 503 or no answer while it is down or its
 * database is. A repeated id is idempotent, so what is accepted is exactly what this returns.
 */
export async function enviarHastaAceptado(kind: TrackingKind, body: Record<string, unknown>, timeoutMs = 120_000): Promise<Entity> {
  const id = (body['id'] as string | undefined) ?? clientId(kind.slice(0, 4));
  const reply = await until(
    `${kind} ${id}`,
    () => request('POST', `${URLS.conversiones}${TRACKING_PATH[kind]}`, { json: { ...body, id }, timeoutMs: 15_000 }),
    [202],
    [0, 404, 422, 502, 503, 504],
    timeoutMs,
  );
  LEDGER.aceptado(kind, id, body);
  return { ...reply.body, id };
}

/** GET that answers the body of a 200, or throws (for `eventually` probes). */
export async function getJson(url: string): Promise<Entity> {
  const reply = await get(url, { timeoutMs: 15_000 });
  if (reply.status !== 200) throw new ApiError(`GET ${url}`, reply);
  return reply.body;
}

/** Every item of a paginated list (`{ items, total, page, limit }`), following pages of `limit` (max 100). */
export async function getAll(url: string, limit = 100): Promise<Entity[]> {
  const items: Entity[] = [];
  for (let page = 1; ; page++) {
    const sep = url.includes('?') ? '&' : '?';
    const body = await getJson(`${url}${sep}page=${page}&limit=${limit}`);
    items.push(...(body['items'] as Entity[]));
    if (items.length >= (body['total'] as number) || (body['items'] as Entity[]).length === 0) return items;
  }
}
