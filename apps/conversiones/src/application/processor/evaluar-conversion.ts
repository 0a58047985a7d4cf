import type { AtribucionPolicy } from '../../domain/atribucion/atribucion.policy';
import type { Conversion } from '../../domain/conversion/conversion.aggregate';
import type { MetaEvento } from '../../domain/tracking/impresion.aggregate';
import type { ConversionPendiente, TrackingStore } from '../ports/tracking-store.port';

/**
 * Runs the attribution policy on a REGISTRADA conversion and applies its decision: validated (and its
 * `referencia_externa` reserved in the campaign), rejected with the motivo code, or returned as pending (its click
 * may still be in flight).
 */
export async function evaluarConversion(
  conversion: Conversion,
  politica: AtribucionPolicy,
  store: TrackingStore,
  momento: { recibidaEn: number; ahora: number },
  meta: MetaEvento,
): Promise<ConversionPendiente | null> {
  const decision = await politica.decidir(conversion, store, momento);
  switch (decision.resultado) {
    case 'VALIDAR':
      conversion.validar(decision.atribucion, meta);
      if (conversion.referenciaExterna !== null) {
        await store.reservarReferencia(decision.atribucion.campanaId, conversion.referenciaExterna, conversion.id);
      }
      return null;
    case 'RECHAZAR':
      conversion.rechazar(decision.motivo, decision.detalle, decision.atribucion, meta);
      return null;
    case 'ESPERAR_CLICK':
      return {
        conversionId: conversion.id,
        clickId: conversion.clickId as string,
        recibidaEn: momento.recibidaEn,
        correlationId: meta.correlationId ?? null,
      };
  }
}
