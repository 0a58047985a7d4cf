import { estadoAfiliadoEn, type AfiliadoProyeccion } from '../proyecciones/afiliado-proyeccion';
import { campanaVigenteEn, estadoCampanaEn, ventanaAtribucionMs, type CampanaProyeccion } from '../proyecciones/campana-proyeccion';
import type { Atribucion, Conversion } from '../conversion/conversion.aggregate';
import type { MotivoRechazo } from '../conversion/value-objects/motivo-rechazo';

/** What attribution needs to know about a recorded click. */
export interface ClickAtribuible {
  readonly id: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly usuarioId: string | null;
  readonly timestamp: number;
  /** Marked as fraud (click flooding): never billed, conversions on it are refused. */
  readonly fraudulento: boolean;
}

/** Where the policy reads clicks, projections and used references (a port: the processor's transaction). */
export interface FuentesAtribucion {
  click(id: string): Promise<ClickAtribuible | null>;
  /** The latest click that is not fraudulent of `usuarioId` on `campanaId` with `desde < timestamp ≤ hasta`. */
  ultimoClickDelUsuario(campanaId: string, usuarioId: string, desde: number, hasta: number): Promise<ClickAtribuible | null>;
  campana(id: string): Promise<CampanaProyeccion | null>;
  afiliado(id: string): Promise<AfiliadoProyeccion | null>;
  /** Whether a validated conversion of the campaign already carries this `referencia_externa`. */
  referenciaUsada(campanaId: string, referencia: string): Promise<boolean>;
}

export type DecisionAtribucion =
  | { readonly resultado: 'VALIDAR'; readonly atribucion: Atribucion }
  | {
      readonly resultado: 'RECHAZAR';
      readonly motivo: MotivoRechazo;
      readonly detalle: string;
      readonly atribucion: Partial<Atribucion>;
    }
  /** The click is unknown but may still be in flight: keep the conversion REGISTRADA and decide later. */
  | { readonly resultado: 'ESPERAR_CLICK'; readonly detalle: string };

export interface MomentoEvaluacion {
  /** When the conversion was accepted (epoch ms): the grace period for an unknown click runs from here. */
  readonly recibidaEn: number;
  readonly ahora: number;
}

const DIA_MS = 86_400_000;

/**
 * Attribution and validation of a registered conversion (DESIGN.md §5, flow 3). Rules, in order; the first that
 * fails rejects the conversion with its code:
 *  1. `VALOR_INVALIDO`: a negative value, or a `venta` that is not positive.
 *  2. With `click_id`: the click must be known (`CLICK_DESCONOCIDO` once the grace period is over; until then the
 *     decision is to wait), not flagged (`CLICK_FLOODING`), of a known ACTIVA campaign (`CAMPANA_INACTIVA`), and the
 *     conversion must happen within the campaign's attribution window after it (`CLICK_FUERA_DE_VENTANA`). Last click
 *     wins: a later click of the same `usuario_id` on that campaign, up to the conversion, takes it over.
 *     A conversion that names the click AND a `campana_id` or `afiliado_id` other than the click's is refused
 *     (`CLICK_NO_CORRESPONDE`): the click would otherwise charge another campaign's budget than the one named.
 *     Without `click_id`: `afiliado_id` + `campana_id` as given; the campaign must be known and ACTIVA.
 *  3. The campaign runs on the conversion's date (`CAMPANA_INACTIVA`); the affiliate is ACTIVO
 *     (`AFILIADO_INACTIVO`) and assigned to the campaign (`AFILIADO_NO_ASIGNADO`).
 *  States (campaign ACTIVA, affiliate ACTIVO) are those at the conversion's own `timestamp`, not at processing time: a
 *  sale made while the affiliate was active is earned even when the affiliate is suspended before the command is
 *  processed, and a sale made while it was suspended is refused even when it was reactivated since. Assignment is
 *  the current one.
 *  4. Same currency as the campaign (`MONEDA_DISTINTA`); no conversion between currencies.
 *  5. `referencia_externa` not used yet by a validated conversion of the campaign (`REFERENCIA_DUPLICADA`).
 */
export class AtribucionPolicy {
  constructor(readonly graciaClickMs: number) {
    if (!Number.isFinite(graciaClickMs) || graciaClickMs < 0) {
      throw new Error(`AtribucionPolicy: the grace period must be a non-negative number of ms, got ${graciaClickMs}`);
    }
  }

  async decidir(conversion: Conversion, fuentes: FuentesAtribucion, momento: MomentoEvaluacion): Promise<DecisionAtribucion> {
    const valor = conversion.valor;
    if (valor.isNegative() || (conversion.tipoConversion === 'venta' && !valor.isPositive())) {
      return rechazar('VALOR_INVALIDO', `Invalid value ${valor.toFixed()} ${valor.currency} for a ${conversion.tipoConversion}`, {});
    }

    let atribucion: Atribucion;
    let campana: CampanaProyeccion | null;
    if (conversion.clickId !== null) {
      const clickId = conversion.clickId;
      const click = await fuentes.click(clickId);
      if (!click) {
        const espera = momento.ahora - momento.recibidaEn;
        if (espera < this.graciaClickMs) {
          return { resultado: 'ESPERAR_CLICK', detalle: `Click ${clickId} not recorded yet (waited ${Math.max(0, espera)} ms)` };
        }
        return rechazar('CLICK_DESCONOCIDO', `Click ${clickId} is unknown`, { clickId });
      }
      const delClick: Atribucion = { afiliadoId: click.afiliadoId, campanaId: click.campanaId, clickId: click.id };
      const noCorresponde = clickNoCorresponde(conversion, click);
      if (noCorresponde) {
        // Recorded against what the client named (its campaign's statistics), not against the click's campaign.
        const nombrada = { campanaId: conversion.campanaId ?? click.campanaId, afiliadoId: conversion.afiliadoId ?? click.afiliadoId, clickId: click.id };
        return rechazar('CLICK_NO_CORRESPONDE', noCorresponde, nombrada);
      }
      if (click.fraudulento) return rechazar('CLICK_FLOODING', `Click ${click.id} is part of a click flood`, delClick);
      campana = await fuentes.campana(click.campanaId);
      if (!campana || estadoCampanaEn(campana, conversion.timestamp) !== 'ACTIVA') {
        return rechazar('CAMPANA_INACTIVA', campanaInactiva(click.campanaId, campana, conversion.timestamp), delClick);
      }
      const transcurrido = conversion.timestamp - click.timestamp;
      if (transcurrido < 0 || transcurrido > ventanaAtribucionMs(campana)) {
        return rechazar(
          'CLICK_FUERA_DE_VENTANA',
          transcurrido < 0
            ? `The conversion happened before click ${click.id}`
            : `Click ${click.id} is ${(transcurrido / DIA_MS).toFixed(1)} days old; the attribution window is ${campana.ventanaAtribucionDias} days`,
          delClick,
        );
      }
      atribucion = delClick;
      const usuarioId = conversion.usuarioId ?? click.usuarioId;
      if (usuarioId !== null) {
        const ultimo = await fuentes.ultimoClickDelUsuario(click.campanaId, usuarioId, click.timestamp, conversion.timestamp);
        if (ultimo && ultimo.id !== click.id) {
          atribucion = { afiliadoId: ultimo.afiliadoId, campanaId: ultimo.campanaId, clickId: ultimo.id };
        }
      }
    } else {
      // The HTTP layer only accepts a conversion without click_id when it names both.
      atribucion = { afiliadoId: conversion.afiliadoId as string, campanaId: conversion.campanaId as string, clickId: null };
      campana = await fuentes.campana(atribucion.campanaId);
      if (!campana || estadoCampanaEn(campana, conversion.timestamp) !== 'ACTIVA') {
        return rechazar('CAMPANA_INACTIVA', campanaInactiva(atribucion.campanaId, campana, conversion.timestamp), atribucion);
      }
    }

    if (!campanaVigenteEn(campana, conversion.timestamp)) {
      return rechazar('CAMPANA_INACTIVA', `Campaign ${campana.id} does not run on ${new Date(conversion.timestamp).toISOString()}`, atribucion);
    }
    const afiliado = await fuentes.afiliado(atribucion.afiliadoId);
    const estadoAfiliado = afiliado ? estadoAfiliadoEn(afiliado, conversion.timestamp) : null;
    if (estadoAfiliado !== 'ACTIVO') {
      return rechazar(
        'AFILIADO_INACTIVO',
        estadoAfiliado ? `Affiliate ${atribucion.afiliadoId} was ${estadoAfiliado} at ${new Date(conversion.timestamp).toISOString()}` : `Affiliate ${atribucion.afiliadoId} is unknown`,
        atribucion,
      );
    }
    if (!campana.afiliados.has(atribucion.afiliadoId)) {
      return rechazar('AFILIADO_NO_ASIGNADO', `Affiliate ${atribucion.afiliadoId} is not assigned to campaign ${campana.id}`, atribucion);
    }
    if (valor.currency !== campana.moneda) {
      return rechazar('MONEDA_DISTINTA', `The conversion is in ${valor.currency}; campaign ${campana.id} pays in ${campana.moneda}`, atribucion);
    }
    const referencia = conversion.referenciaExterna;
    if (referencia !== null && (await fuentes.referenciaUsada(campana.id, referencia))) {
      return rechazar('REFERENCIA_DUPLICADA', `referencia_externa ${referencia} was already used in campaign ${campana.id}`, atribucion);
    }
    return { resultado: 'VALIDAR', atribucion };
  }
}

/**
 * Why the ids a conversion names disagree with its click (null when they agree or it names none). A domain rule shared
 * by the HTTP check (422 when the click is already known) and the processor (always, the click may be in flight).
 */
export function clickNoCorresponde(
  nombrados: { readonly campanaId: string | null; readonly afiliadoId: string | null },
  click: { readonly id: string; readonly campanaId: string; readonly afiliadoId?: string },
): string | null {
  if (nombrados.campanaId !== null && nombrados.campanaId !== click.campanaId) {
    return `Click ${click.id} belongs to campaign ${click.campanaId}, not to campaign ${nombrados.campanaId} named by the conversion`;
  }
  if (nombrados.afiliadoId !== null && click.afiliadoId !== undefined && nombrados.afiliadoId !== click.afiliadoId) {
    return `Click ${click.id} belongs to affiliate ${click.afiliadoId}, not to affiliate ${nombrados.afiliadoId} named by the conversion`;
  }
  return null;
}

function rechazar(motivo: MotivoRechazo, detalle: string, atribucion: Partial<Atribucion>): DecisionAtribucion {
  return { resultado: 'RECHAZAR', motivo, detalle, atribucion };
}

function campanaInactiva(campanaId: string, campana: CampanaProyeccion | null, at: number): string {
  return campana ? `Campaign ${campanaId} was ${estadoCampanaEn(campana, at)} at ${new Date(at).toISOString()}` : `Campaign ${campanaId} is unknown`;
}
