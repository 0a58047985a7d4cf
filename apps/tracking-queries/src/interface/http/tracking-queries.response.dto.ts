import { ApiProperty } from '@nestjs/swagger';
import type { Money, Paginated } from '@alpes/seedwork';
import type { Estadisticas } from '../../domain/estadisticas/estadisticas.value-object';
import { ESTADOS_CONVERSION, type ConversionProyectada } from '../../domain/proyeccion/conversion-proyectada.entity';
import type { ImpresionProyectada } from '../../domain/proyeccion/registros';
import type { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';

export class ImpresionResponseDto {
  @ApiProperty({ example: 'imp-123' }) id!: string;
  @ApiProperty() campana_id!: string;
  @ApiProperty() afiliado_id!: string;
  @ApiProperty({ nullable: true, type: String }) usuario_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) user_agent!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip_address!: string | null;
  @ApiProperty({ nullable: true, type: String }) referrer!: string | null;
  @ApiProperty({ format: 'date-time', description: 'when the impression happened' }) timestamp!: string;

  static de(i: ImpresionProyectada): ImpresionResponseDto {
    return {
      id: i.id,
      campana_id: i.campanaId,
      afiliado_id: i.afiliadoId,
      usuario_id: i.usuarioId,
      user_agent: i.userAgent,
      ip_address: i.ipAddress,
      referrer: i.referrer,
      timestamp: i.registradaEn.toISOString(),
    };
  }
}

export class ConversionResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ESTADOS_CONVERSION }) estado!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null while a click-only conversion is not attributed yet' }) afiliado_id!:
    | string
    | null;
  @ApiProperty({ nullable: true, type: String }) campana_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) click_id!: string | null;
  @ApiProperty({ example: 'venta' }) tipo_conversion!: string;
  @ApiProperty({ example: 150000, description: 'in currency units, exact to the minor unit' }) valor_conversion!: number;
  @ApiProperty({ example: 'COP' }) moneda!: string;
  @ApiProperty({ nullable: true, type: String }) referencia_externa!: string | null;
  @ApiProperty({ nullable: true, type: String }) usuario_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'CLICK_FUERA_DE_VENTANA' }) motivo_rechazo!: string | null;
  @ApiProperty({ nullable: true, type: String }) detalle_rechazo!: string | null;
  @ApiProperty({ nullable: true, type: String }) motivo_reversion!: string | null;
  @ApiProperty({ format: 'date-time' }) registrada_en!: string;
  @ApiProperty({ format: 'date-time', description: 'occurred_at of the last event applied' }) actualizada_en!: string;

  static de(c: ConversionProyectada): ConversionResponseDto {
    const p = c.getProps();
    return {
      id: c.id,
      estado: p.estado,
      afiliado_id: p.afiliadoId,
      campana_id: p.campanaId,
      click_id: p.clickId,
      tipo_conversion: p.tipoConversion,
      valor_conversion: aNumero(p.valor),
      moneda: p.valor.currency,
      referencia_externa: p.referenciaExterna,
      usuario_id: p.usuarioId,
      motivo_rechazo: p.motivoRechazo,
      detalle_rechazo: p.detalleRechazo,
      motivo_reversion: p.motivoReversion,
      registrada_en: p.registradaEn.toISOString(),
      actualizada_en: p.actualizadaEn.toISOString(),
    };
  }
}

export class PaginaImpresionesResponseDto {
  @ApiProperty({ type: [ImpresionResponseDto] }) items!: ImpresionResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static de(p: Paginated<ImpresionProyectada>): PaginaImpresionesResponseDto {
    return { items: p.items.map(ImpresionResponseDto.de), total: p.total, page: p.page, limit: p.limit };
  }
}

export class PaginaConversionesResponseDto {
  @ApiProperty({ type: [ConversionResponseDto] }) items!: ConversionResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static de(p: Paginated<ConversionProyectada>): PaginaConversionesResponseDto {
    return { items: p.items.map(ConversionResponseDto.de), total: p.total, page: p.page, limit: p.limit };
  }
}

/**
 * Amounts leave as JSON numbers in currency units (DESIGN.md §6). `Money.toNumber` refuses amounts a double cannot
 * hold exactly (about 15+ significant digits); such an amount is answered as the nearest double instead of a 500.
 */
function aNumero(m: Money): number {
  try {
    return m.toNumber();
  } catch {
    return Number(m.toFixed());
  }
}

const RATIO = 'exact quotient rounded once to 4 decimals ROUND_HALF_UP; 0 when the divisor is 0';

export class EstadisticasResponseDto {
  @ApiProperty({ nullable: true, type: String, description: 'set for a campaign' }) campana_id?: string;
  @ApiProperty({ nullable: true, type: String, description: 'set for an affiliate (influencer)' }) afiliado_id?: string;
  @ApiProperty({ example: 1000 }) impresiones!: number;
  @ApiProperty({ example: 100 }) clicks!: number;
  @ApiProperty({ example: 10, description: 'validated conversions, minus reverted ones' }) conversiones!: number;
  @ApiProperty({ example: 2 }) conversiones_rechazadas!: number;
  @ApiProperty({ example: 1, description: 'validated conversions later reverted (refunds)' }) conversiones_revertidas!: number;
  @ApiProperty({ example: 1500000, description: 'Σ valor of validated, not reverted conversions of tipo `venta`' }) ventas_total!: number;
  @ApiProperty({ example: 150000, description: 'Σ monto of commissions PENDIENTE, APROBADA or PAGADA (calculated minus rejected and reverted)' })
  comisiones_total!: number;
  @ApiProperty({ example: 100000, description: 'Σ monto of commissions APROBADA or PAGADA' }) comisiones_aprobadas!: number;
  @ApiProperty({ example: 50000, description: 'Σ monto of commissions PAGADA' }) comisiones_pagadas!: number;
  @ApiProperty({ example: 10, description: `clicks / impresiones × 100; ${RATIO}` }) ctr!: number;
  @ApiProperty({ example: 10, description: `conversiones / clicks × 100; ${RATIO}` }) tasa_conversion!: number;
  @ApiProperty({ example: 1500, description: `comisiones_total / clicks, in moneda; ${RATIO}` }) epc!: number;
  @ApiProperty({ nullable: true, type: String, example: 'COP', description: 'currency of every amount; null while no amount or campaign currency is known' })
  moneda!: string | null;
  @ApiProperty({ type: [String], description: 'every currency this campaign/affiliate has amounts in' }) monedas!: string[];

  static de(e: Estadisticas): EstadisticasResponseDto {
    const c = e.contadores;
    return {
      ...(e.ambito === 'campana' ? { campana_id: e.id } : { afiliado_id: e.id }),
      impresiones: c.impresiones,
      clicks: c.clicks,
      conversiones: c.conversiones,
      conversiones_rechazadas: c.conversionesRechazadas,
      conversiones_revertidas: c.conversionesRevertidas,
      ventas_total: e.ventasTotal.toNumber(),
      comisiones_total: e.comisionesTotal.toNumber(),
      comisiones_aprobadas: e.comisionesAprobadas.toNumber(),
      comisiones_pagadas: e.comisionesPagadas.toNumber(),
      ctr: e.ctr.toNumber(),
      tasa_conversion: e.tasaConversion.toNumber(),
      epc: e.epc.toNumber(),
      moneda: e.moneda,
      monedas: [...e.monedas],
    };
  }
}

export class ReconstruccionResponseDto {
  @ApiProperty({ format: 'uuid' }) rebuild_id!: string;
  @ApiProperty({ enum: ['EN_CURSO', 'COMPLETADA', 'FALLIDA'] }) estado!: string;
  @ApiProperty({ enum: ['PREPARANDO', 'REPRODUCIENDO', 'CONMUTANDO', 'COMPLETADA', 'FALLIDA'] }) fase!: string;
  @ApiProperty({ format: 'date-time' }) solicitada_en!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) terminada_en!: string | null;
  @ApiProperty({ description: 'events applied to the rebuilt tables so far' }) eventos_aplicados!: number;
  @ApiProperty({ description: 'events that could not be projected (malformed), as the live consumers skip them' }) eventos_omitidos!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;

  static de(r: Reconstruccion): ReconstruccionResponseDto {
    const p = r.getProps();
    return {
      rebuild_id: r.id,
      estado: p.estado,
      fase: p.fase,
      solicitada_en: p.solicitadaEn.toISOString(),
      terminada_en: p.terminadaEn ? p.terminadaEn.toISOString() : null,
      eventos_aplicados: p.eventosAplicados,
      eventos_omitidos: p.eventosOmitidos,
      error: p.error,
    };
  }
}
