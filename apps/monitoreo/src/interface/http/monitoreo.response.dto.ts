import { ApiProperty } from '@nestjs/swagger';
import type { Paginated } from '@alpes/seedwork';
import type { Metricas } from '../../application/queries/obtener-metricas/obtener-metricas.handler';
import { ESTADOS_ALERTA, type Alerta } from '../../domain/alerta/alerta.aggregate';
import { IDS_REGLA, type ReglaAlerta } from '../../domain/alerta/regla-alerta';
import type { AccionAuditada } from '../../domain/auditoria/accion-auditada';
import { CATEGORIAS, type RegistroEvento } from '../../domain/evento-log/registro-evento';
import { PERIODOS } from '../../domain/metricas/periodo';

/** Exact decimal text → JSON number (the shortest that reads back as it: "1999.9000" → 1999.9). */
function numero(texto: string): number;
function numero(texto: string | null): number | null;
function numero(texto: string | null): number | null {
  return texto === null ? null : Number(texto);
}

export class ValorVentasDto {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 10, description: 'sales with a value in this currency' }) count!: number;
  @ApiProperty({ example: 1999.9, description: 'exact sum' }) total!: number;
  @ApiProperty({ example: 199.99, description: 'nearest-rank percentiles of the sale values' }) p50!: number;
  @ApiProperty({ example: 250 }) p95!: number;
  @ApiProperty({ example: 250 }) p99!: number;
}

export class MezclaEventoDto {
  @ApiProperty({ example: 'ClickRegistrado' }) event_type!: string;
  @ApiProperty({ example: 120 }) count!: number;
}

export class PuntoSerieDto {
  @ApiProperty({ format: 'date-time', description: 'start of the bucket' }) start!: string;
  @ApiProperty() impressions!: number;
  @ApiProperty() clicks!: number;
  @ApiProperty({ description: 'sales included' }) conversions!: number;
  @ApiProperty() sales!: number;
  @ApiProperty({ description: 'conversions / clicks × 100 (2 decimals), 0 without clicks' }) conversion_rate!: number;
}

export class SerieDto {
  @ApiProperty({ example: 60, description: '1h → 60 s (60 points), 24h → 1800 s (48), 7d → 21600 s (28)' }) bucket_seconds!: number;
  @ApiProperty({ type: [PuntoSerieDto], description: 'contiguous buckets, oldest first, zeros included' }) points!: PuntoSerieDto[];
}

export class RechazoExternoDto {
  @ApiProperty({ example: 'clicks' }) source_topic!: string;
  @ApiProperty({ example: 'missing user_id', description: '`invalid JSON`, `not a JSON object`, `missing <field>`, `invalid <field>`' }) reason!: string;
  @ApiProperty({ example: 1 }) count!: number;
}

export class MetricasResponseDto {
  @ApiProperty({ enum: PERIODOS }) period!: string;
  @ApiProperty({ format: 'date-time', description: 'start of the first bucket (aligned to the UTC bucket grid)' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'now (inclusive end)' }) to!: string;
  @ApiProperty({ description: 'ClickRegistrado + JSON clicks' }) total_clicks!: number;
  @ApiProperty({ description: 'ConversionValidada + JSON conversions + JSON sales (a sale is a conversion)' }) total_conversions!: number;
  @ApiProperty({ description: 'ConversionValidada of tipo venta + JSON sales + JSON conversions of type venta/sale' }) total_sales!: number;
  @ApiProperty({ example: 10.0, description: 'total_conversions / total_clicks × 100, rounded to 2 decimals; 0 without clicks' }) conversion_rate!: number;
  @ApiProperty({ description: 'ImpresionRegistrada' }) total_impressions!: number;
  @ApiProperty({ description: 'ConversionRechazada (not conversions)' }) total_rejected_conversions!: number;
  @ApiProperty({ description: 'ConversionRevertida (not conversions)' }) total_reverted_conversions!: number;
  @ApiProperty({ type: [ValorVentasDto], description: 'per currency, most sales first' }) sales_value!: ValorVentasDto[];
  @ApiProperty({ type: [MezclaEventoDto], description: 'every event type in the period, most frequent first' }) event_mix!: MezclaEventoDto[];
  @ApiProperty({ type: SerieDto }) series!: SerieDto;
  @ApiProperty({ type: [RechazoExternoDto], description: 'JSON messages sent to the DLQ since the log began (all time), per topic and reason' })
  external_rejected!: RechazoExternoDto[];

  static de(m: Metricas): MetricasResponseDto {
    const t = m.totales;
    return {
      period: m.ventana.periodo,
      from: m.ventana.desde.toISOString(),
      to: m.ventana.hasta.toISOString(),
      total_clicks: t.clicks,
      total_conversions: t.conversiones,
      total_sales: t.ventas,
      conversion_rate: t.tasaConversion,
      total_impressions: t.impresiones,
      total_rejected_conversions: t.conversionesRechazadas,
      total_reverted_conversions: t.conversionesRevertidas,
      sales_value: m.valorVentas.map((v) => ({
        currency: v.moneda,
        count: v.n,
        total: numero(v.total),
        p50: numero(v.percentiles[50] ?? '0'),
        p95: numero(v.percentiles[95] ?? '0'),
        p99: numero(v.percentiles[99] ?? '0'),
      })),
      event_mix: m.mezcla.map((e) => ({ event_type: e.eventType, count: e.n })),
      series: {
        bucket_seconds: m.ventana.bucketSegundos,
        points: m.serie.map((p) => ({
          start: p.inicio.toISOString(),
          impressions: p.impresiones,
          clicks: p.clicks,
          conversions: p.conversiones,
          sales: p.ventas,
          conversion_rate: p.tasaConversion,
        })),
      },
      external_rejected: m.rechazosExternos.map((r) => ({ source_topic: r.sourceTopic, reason: r.motivo, count: r.n })),
    };
  }
}

export class EventoResponseDto {
  @ApiProperty() event_id!: string;
  @ApiProperty({ example: 'ClickRegistrado', description: 'Avro event type, or click | conversion | sale for the JSON topics' }) event_type!: string;
  @ApiProperty({ enum: CATEGORIAS }) category!: string;
  @ApiProperty({ nullable: true, type: String }) user_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) campaign_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) affiliate_id!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 19.99, description: 'amount (exact), if the event carries one' }) value!: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'USD' }) currency!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'venta' }) conversion_type!: string | null;
  @ApiProperty({ format: 'date-time' }) occurred_at!: string;
  @ApiProperty({ example: 'conversiones.eventos' }) source_topic!: string;
  @ApiProperty({ nullable: true, type: String, description: 'producing service (null for outside systems)' }) producer!: string | null;
  @ApiProperty({ format: 'date-time' }) received_at!: string;

  static de(e: RegistroEvento): EventoResponseDto {
    return {
      event_id: e.eventId,
      event_type: e.eventType,
      category: e.categoria,
      user_id: e.userId,
      campaign_id: e.campaignId,
      affiliate_id: e.affiliateId,
      value: numero(e.valor),
      currency: e.moneda,
      conversion_type: e.conversionType,
      occurred_at: e.occurredAt.toISOString(),
      source_topic: e.sourceTopic,
      producer: e.producer,
      received_at: e.receivedAt.toISOString(),
    };
  }
}

export class EventosResponseDto {
  @ApiProperty({ type: [EventoResponseDto], description: 'newest first' }) items!: EventoResponseDto[];
  @ApiProperty({ description: 'rows matching the filters (not only this answer)' }) total!: number;
  @ApiProperty() limit!: number;
}

export class ReglaResponseDto {
  @ApiProperty({ enum: IDS_REGLA }) id!: string;
  @ApiProperty({ example: 2.0 }) umbral!: number;
  @ApiProperty({ enum: PERIODOS }) periodo!: string;
  @ApiProperty({ example: 100 }) minimo_clicks!: number;
  @ApiProperty() activa!: boolean;

  static de(r: ReglaAlerta): ReglaResponseDto {
    return { id: r.id, umbral: r.umbral, periodo: r.periodo, minimo_clicks: r.minimoClicks, activa: r.activa };
  }
}

export class AlertaResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IDS_REGLA }) regla!: string;
  @ApiProperty({ example: 1.2, description: 'conversion rate when it fired' }) valor!: number;
  @ApiProperty({ example: 2.0 }) umbral!: number;
  @ApiProperty({ enum: PERIODOS }) periodo!: string;
  @ApiProperty({ description: 'clicks in the period when it fired' }) clicks!: number;
  @ApiProperty({ description: 'conversions in the period when it fired' }) conversiones!: number;
  @ApiProperty({ enum: ESTADOS_ALERTA }) estado!: string;
  @ApiProperty({ format: 'date-time' }) disparada_en!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resuelta_en!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'conversion rate when it resolved (null if the rule was switched off)' })
  valor_resolucion!: number | null;

  static de(a: Alerta): AlertaResponseDto {
    const p = a.getProps();
    return {
      id: a.id,
      regla: p.regla,
      valor: p.valor,
      umbral: p.umbral,
      periodo: p.periodo,
      clicks: p.clicks,
      conversiones: p.conversiones,
      estado: p.estado,
      disparada_en: p.disparadaEn.toISOString(),
      resuelta_en: p.resueltaEn?.toISOString() ?? null,
      valor_resolucion: p.valorResolucion,
    };
  }
}

export class AlertasResponseDto {
  @ApiProperty({ type: [ReglaResponseDto] }) reglas!: ReglaResponseDto[];
  @ApiProperty({ type: [AlertaResponseDto], description: 'newest first' }) items!: AlertaResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static de(reglas: readonly ReglaAlerta[], alertas: Paginated<Alerta>): AlertasResponseDto {
    return { reglas: reglas.map(ReglaResponseDto.de), items: alertas.items.map(AlertaResponseDto.de), total: alertas.total, page: alertas.page, limit: alertas.limit };
  }
}

export class AccionAuditadaResponseDto {
  @ApiProperty() event_id!: string;
  @ApiProperty({ example: 'afiliados' }) servicio!: string;
  @ApiProperty({ example: 'ACTIVAR_AFILIADO' }) accion!: string;
  @ApiProperty({ example: 'afiliado' }) recurso!: string;
  @ApiProperty() recurso_id!: string;
  @ApiProperty({ example: 'api' }) actor!: string;
  @ApiProperty({ example: 'OK', description: 'OK | RECHAZADO | ERROR' }) resultado!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) correlation_id!: string | null;
  @ApiProperty({ nullable: true, type: String }) detalle!: string | null;

  static de(a: AccionAuditada): AccionAuditadaResponseDto {
    return {
      event_id: a.eventId,
      servicio: a.servicio,
      accion: a.accion,
      recurso: a.recurso,
      recurso_id: a.recursoId,
      actor: a.actor,
      resultado: a.resultado,
      at: a.at.toISOString(),
      correlation_id: a.correlationId,
      detalle: a.detalle,
    };
  }
}

export class PaginaAuditoriaResponseDto {
  @ApiProperty({ type: [AccionAuditadaResponseDto], description: 'newest first' }) items!: AccionAuditadaResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}
