import type { AppName } from '@alpes/contracts';
import type { IntegrationEvent } from '@alpes/messaging';
import { requestContext } from '../http/request-context';

export interface AuditInput {
  readonly servicio: AppName;
  /** Command name, e.g. `RegistrarAfiliado`. */
  readonly accion: string;
  /** Resource type, e.g. `afiliado`. */
  readonly recurso: string;
  readonly recurso_id: string;
  /** OK (default) | RECHAZADO | ERROR */
  readonly resultado?: 'OK' | 'RECHAZADO' | 'ERROR';
  readonly detalle?: string | null;
  /** Default: the request's actor (`x-actor`), else `sistema`. */
  readonly actor?: string;
  /** Default: the request's correlation id. */
  readonly correlationId?: string;
  readonly at?: number;
}

/**
 * One `AccionRegistrada` for `auditoria.eventos` (keyed by the resource id): publish it with the command's other
 * events, in the same transaction, so the audit trail holds exactly the commands that took effect.
 */
export function auditEvent(input: AuditInput): IntegrationEvent<'AccionRegistrada'> {
  const context = requestContext();
  const at = input.at ?? Date.now();
  return {
    eventType: 'AccionRegistrada',
    payload: {
      servicio: input.servicio,
      accion: input.accion,
      recurso: input.recurso,
      recurso_id: input.recurso_id,
      actor: input.actor ?? context.actor,
      resultado: input.resultado ?? 'OK',
      at,
      detalle: input.detalle ?? null,
    },
    meta: { aggregate_id: input.recurso_id, correlation_id: input.correlationId ?? context.correlationId, occurred_at: at },
  };
}
