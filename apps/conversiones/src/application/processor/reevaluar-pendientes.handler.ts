import { Inject, Injectable, Optional } from '@nestjs/common';
import { AtribucionPolicy } from '../../domain/atribucion/atribucion.policy';
import type { Conversion } from '../../domain/conversion/conversion.aggregate';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../conversiones.config';
import type { TransaccionAbierta } from '../ports/transaccion';
import { TRACKING_STORE, type ConversionPendiente, type TrackingStoreFactory } from '../ports/tracking-store.port';
import { evaluarConversion } from './evaluar-conversion';
import { RELOJ, relojDelSistema, type Reloj } from './reloj';

/** Pending conversions handled per round (one transaction). */
export const PENDIENTES_POR_RONDA = 200;

/**
 * The timer side of "wait for the click": decides the pending conversions whose click has been recorded since (it
 * may have been processed by another batch running at the same time), and rejects with `CLICK_DESCONOCIDO` those
 * whose grace period is over. Returns how many it took.
 */
@Injectable()
export class ReevaluarPendientesHandler {
  private readonly atribucion: AtribucionPolicy;

  constructor(
    @Inject(TRACKING_STORE) private readonly stores: TrackingStoreFactory,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
    @Optional() @Inject(RELOJ) private readonly reloj: Reloj = relojDelSistema,
  ) {
    this.atribucion = new AtribucionPolicy(config.graciaClickMs);
  }

  async execute(tx: TransaccionAbierta): Promise<number> {
    const store = this.stores.en(tx);
    const ahora = this.reloj();
    const listos = await store.tomarPendientesListos(ahora - this.config.graciaClickMs, PENDIENTES_POR_RONDA);
    if (listos.length === 0) return 0;
    const conversiones = await store.cargarConversiones(listos.map((p) => p.conversionId));
    const tocadas: Conversion[] = [];
    const otraVez: ConversionPendiente[] = [];
    for (const pendiente of listos) {
      const conversion = conversiones.get(pendiente.conversionId);
      if (!conversion || conversion.estado !== 'REGISTRADA') continue;
      const meta = { correlationId: pendiente.correlationId ?? undefined };
      const sigue = await evaluarConversion(conversion, this.atribucion, store, { recibidaEn: pendiente.recibidaEn, ahora }, meta);
      if (sigue) otraVez.push(sigue);
      else tocadas.push(conversion);
    }
    if (otraVez.length > 0) await store.aparcar(otraVez);
    await store.guardar(tocadas);
    return listos.length;
  }
}
