import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, NormalizeUuid, PaginationQueryDto } from '@alpes/platform';
import type { Paginated } from '@alpes/seedwork';
import { ESTADOS_PAGO, type Pago } from '../../domain/pago/pago.aggregate';
import { ID_EXTERNO } from './id.pipe';
import { numero } from './numeros';

export class ProgramarPagoRequestDto {
  @ApiProperty({ example: '8f14e45f-ceea-4e67-a0f4-1b2a3c4d5e6f' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: 'afiliado_id must be an affiliate id' })
  afiliado_id!: string;

  @ApiPropertyOptional({ example: 'COP', description: 'Required only when the affiliate has APROBADA commissions in several currencies (one payout per currency).' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'moneda must be an ISO 4217 code of 3 uppercase letters' })
  moneda?: string;
}

export class ListarPagosRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeUuid()
  @IsString()
  @MaxLength(100)
  afiliado_id?: string;
}

export class PagoResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() afiliado_id!: string;
  @ApiProperty({ type: [String], description: 'Commissions and adjustments it holds.' }) comision_ids!: string[];
  @ApiProperty({ example: 45000, description: 'Exact sum of the commissions minus pending adjustments; > 0.' }) monto!: number;
  @ApiProperty({ example: 'COP' }) moneda!: string;
  @ApiProperty({ enum: ESTADOS_PAGO }) estado!: string;
  @ApiPropertyOptional({ nullable: true, example: 'PAGO_RECHAZADO_SIMULADO' }) motivo_fallo!: string | null;
  @ApiPropertyOptional({ nullable: true }) referencia_proveedor!: string | null;
  @ApiProperty({ format: 'date-time' }) creado_en!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) ejecutado_en!: string | null;

  static from(pago: Pago): PagoResponseDto {
    const p = pago.getProps();
    return {
      id: pago.id,
      afiliado_id: p.afiliadoId,
      comision_ids: [...p.comisionIds],
      monto: numero(p.monto),
      moneda: p.monto.currency,
      estado: p.estado,
      motivo_fallo: p.motivoFallo,
      referencia_proveedor: p.referenciaProveedor,
      creado_en: p.creadoEn.toISOString(),
      ejecutado_en: p.ejecutadoEn ? p.ejecutadoEn.toISOString() : null,
    };
  }
}

export class PagosPageResponseDto {
  @ApiProperty({ type: [PagoResponseDto] }) items!: PagoResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static from(page: Paginated<Pago>): PagosPageResponseDto {
    return { items: page.items.map(PagoResponseDto.from), total: page.total, page: page.page, limit: page.limit };
  }
}
