import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Paginated } from '@alpes/seedwork';
import type { Comision } from '../../domain/comision/comision.aggregate';
import { ESTADOS_COMISION, TIPOS_COMISION } from '../../domain/comision/estado-comision';
import { MODELOS } from '../../domain/shared/tipos';
import { numero, numeroDeTexto } from './numeros';

export class ComisionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, description: 'null for CPC/CPM accruals and adjustments.' }) conversion_id!: string | null;
  @ApiProperty() afiliado_id!: string;
  @ApiProperty({ nullable: true, description: 'null for a manual commission without campaign.' }) campana_id!: string | null;
  @ApiProperty({ enum: TIPOS_COMISION.map((t) => t.toLowerCase()) }) tipo!: string;
  @ApiProperty({ enum: MODELOS, nullable: true, description: 'null only when no rule applied (motivo SIN_REGLA).' }) modelo!: string | null;
  @ApiProperty({ example: 150000, description: 'Sale value (CPS), fixed amount (CPA), rate (CPC; CPM per thousand), reverted amount (ajuste).' })
  base!: number;
  @ApiProperty({ nullable: true, example: 10, description: 'Percentage applied (CPS).' }) porcentaje!: number | null;
  @ApiProperty({ example: 15000, description: 'In `moneda`; negative only for an adjustment (ajuste).' }) monto!: number;
  @ApiProperty({ example: 'COP' }) moneda!: string;
  @ApiProperty({ enum: ESTADOS_COMISION }) estado!: string;
  @ApiPropertyOptional({ nullable: true, example: 'PRESUPUESTO_AGOTADO' }) motivo!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '2025-06-14', description: 'UTC day of a CPC/CPM accrual.' }) periodo!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Events counted by a CPC/CPM accrual.' }) cantidad!: number | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'Payout that holds or paid it.' }) pago_id!: string | null;
  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'Adjustment: the reverted commission.' }) comision_origen_id!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The conversion value as received.' }) valor_conversion!: number | null;
  @ApiPropertyOptional({ nullable: true }) moneda_conversion!: string | null;
  @ApiProperty({ format: 'date-time' }) creado_en!: string;
  @ApiProperty({ format: 'date-time' }) actualizado_en!: string;

  static from(comision: Comision): ComisionResponseDto {
    const p = comision.getProps();
    return {
      id: comision.id,
      conversion_id: p.conversionId,
      afiliado_id: p.afiliadoId,
      campana_id: p.campanaId,
      tipo: p.tipo.toLowerCase(),
      modelo: p.modelo,
      base: numeroDeTexto(p.base),
      porcentaje: p.porcentaje ? p.porcentaje.toNumber() : null,
      monto: numero(p.monto),
      moneda: p.monto.currency,
      estado: p.estado,
      motivo: p.motivo,
      periodo: p.periodo,
      cantidad: p.tipo === 'ACUMULADO' ? p.cantidad : null,
      pago_id: p.pagoId,
      comision_origen_id: p.comisionOrigenId,
      valor_conversion: p.valorConversion === null ? null : numeroDeTexto(p.valorConversion),
      moneda_conversion: p.monedaConversion,
      creado_en: p.creadoEn.toISOString(),
      actualizado_en: p.actualizadoEn.toISOString(),
    };
  }
}

export class ComisionesPageResponseDto {
  @ApiProperty({ type: [ComisionResponseDto] }) items!: ComisionResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static from(page: Paginated<Comision>): ComisionesPageResponseDto {
    return { items: page.items.map(ComisionResponseDto.from), total: page.total, page: page.page, limit: page.limit };
  }
}
