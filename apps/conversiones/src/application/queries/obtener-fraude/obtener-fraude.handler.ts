import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../../conversiones.config';
import { FRAUDE_LECTURA, type FraudeLectura } from '../../ports/fraude-lectura.port';
import { ObtenerFraudeQuery } from './obtener-fraude.query';

export interface FraudeView {
  /** Clicks per IP, campaign and minute above which clicks are flagged. */
  umbral_clicks_por_ip_minuto: number;
  /** Flagged clicks (recorded, never published, never billed). */
  clicks_marcados: number;
  /** Conversions rejected with CLICK_FLOODING. */
  conversiones_rechazadas_flooding: number;
  por_campana: { campana_id: string; clicks_marcados: number }[];
}

/** Click-flooding counters, overall or for one campaign. */
@Injectable()
export class ObtenerFraudeHandler implements IQueryHandler<ObtenerFraudeQuery, FraudeView> {
  constructor(
    @Inject(FRAUDE_LECTURA) private readonly fraude: FraudeLectura,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
  ) {}

  async execute(query: ObtenerFraudeQuery): Promise<FraudeView> {
    const resumen = await this.fraude.resumen(query.campanaId);
    return {
      umbral_clicks_por_ip_minuto: this.config.umbralClicksPorIpMinuto,
      clicks_marcados: resumen.clicksMarcados,
      conversiones_rechazadas_flooding: resumen.conversionesRechazadas,
      por_campana: resumen.porCampana.map((c) => ({ campana_id: c.campanaId, clicks_marcados: c.clicksMarcados })),
    };
  }
}
