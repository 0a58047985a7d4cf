import { randomUUID } from 'node:crypto';
import type { RegistrarClick, RegistrarImpresion } from '@alpes/contracts';
import { verificarAdmisionTracking } from '../../../domain/tracking/admision-tracking.policy';
import type { ComandoIngesta } from '../../ports/cola-ingesta.port';
import type { ProyeccionesLectura } from '../../ports/proyecciones.port';

/** An impression as the client sent it (already shape-validated); `timestamp` in epoch ms. */
export interface ImpresionSolicitada {
  readonly id?: string;
  readonly campana_id: string;
  readonly afiliado_id: string;
  readonly usuario_id?: string;
  readonly user_agent?: string;
  readonly ip_address?: string;
  readonly referrer?: string;
  readonly timestamp?: number;
}

export interface ClickSolicitado extends ImpresionSolicitada {
  readonly session_id?: string;
  readonly url?: string;
}

export interface Solicitante {
  readonly correlationId: string;
  readonly actor: string;
}

/**
 * Checks an impression against the projections (throws the DomainError of the first rule that fails) and builds
 * its command, keyed by campaign. A missing id or timestamp is filled in here, once, so a retry of the same command
 * inside the service never changes them.
 */
export function comandoImpresion(datos: ImpresionSolicitada, proyecciones: ProyeccionesLectura, quien: Solicitante, ahora: number): ComandoIngesta {
  const timestamp = datos.timestamp ?? ahora;
  verificarAdmisionTracking(datos.campana_id, datos.afiliado_id, proyecciones.campana(datos.campana_id), proyecciones.afiliado(datos.afiliado_id), timestamp);
  const payload: RegistrarImpresion = {
    id: datos.id ?? randomUUID(),
    campana_id: datos.campana_id,
    afiliado_id: datos.afiliado_id,
    usuario_id: datos.usuario_id ?? null,
    user_agent: datos.user_agent ?? null,
    ip_address: datos.ip_address ?? null,
    referrer: datos.referrer ?? null,
    timestamp,
  };
  return { comando: { eventType: 'RegistrarImpresion', payload, key: datos.campana_id }, ...quien };
}

/** Same as `comandoImpresion` for a click. */
export function comandoClick(datos: ClickSolicitado, proyecciones: ProyeccionesLectura, quien: Solicitante, ahora: number): ComandoIngesta {
  const timestamp = datos.timestamp ?? ahora;
  verificarAdmisionTracking(datos.campana_id, datos.afiliado_id, proyecciones.campana(datos.campana_id), proyecciones.afiliado(datos.afiliado_id), timestamp);
  const payload: RegistrarClick = {
    id: datos.id ?? randomUUID(),
    campana_id: datos.campana_id,
    afiliado_id: datos.afiliado_id,
    usuario_id: datos.usuario_id ?? null,
    session_id: datos.session_id ?? null,
    url: datos.url ?? null,
    ip_address: datos.ip_address ?? null,
    user_agent: datos.user_agent ?? null,
    referrer: datos.referrer ?? null,
    timestamp,
  };
  return { comando: { eventType: 'RegistrarClick', payload, key: datos.campana_id }, ...quien };
}
