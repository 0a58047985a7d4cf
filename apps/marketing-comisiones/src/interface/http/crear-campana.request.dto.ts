import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsAmount, IsDateTimeWithZone, IsOptionalNotNull, NormalizeUuid } from '@alpes/platform';
import { MODELOS, TIPOS_CONVERSION, TIPOS_EVENTO } from '../../domain/shared/tipos';
import { ID_EXTERNO } from './id.pipe';

export class ReglaComisionRequestDto {
  @ApiProperty({ enum: TIPOS_EVENTO, example: 'conversion' })
  @IsIn(TIPOS_EVENTO)
  tipo_evento!: string;

  @ApiPropertyOptional({ enum: TIPOS_CONVERSION, nullable: true, description: 'Only for tipo_evento conversion; absent/null = any conversion type.' })
  // null is a value here (the rule applies to any conversion type), as documented: kept nullable.
  @IsOptional()
  @IsIn(TIPOS_CONVERSION)
  tipo_conversion?: string | null;

  @ApiProperty({ enum: MODELOS, description: 'CPM for impresion, CPC for click, CPA or CPS for conversion.', example: 'CPS' })
  @IsIn(MODELOS)
  modelo!: string;

  @ApiProperty({
    example: 10,
    description:
      'CPS: percentage 0–100 of the sale value. CPA: fixed amount per conversion; CPC: per click; CPM: per thousand ' +
      'impressions — positive amounts of the campaign currency, at most its minor-unit decimals.',
  })
  @IsAmount()
  valor!: number;
}

export class CrearCampanaRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Client-supplied id: repeating the same request returns the same campaign (200); other content → 409.' })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsUUID()
  id?: string;

  @ApiProperty({ maxLength: 200, example: 'Lanzamiento zapatillas' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  nombre!: string;

  @ApiProperty({ maxLength: 200, example: 'Zapatillas Trail X' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  producto!: string;

  @ApiProperty({ maxLength: 200, example: 'Alpes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  marca!: string;

  @ApiProperty({ example: 5000000, description: 'Total budget (> 0) in `moneda`; commissions never exceed what is left of it.' })
  @IsAmount()
  presupuesto!: number;

  @ApiProperty({ example: 'COP', description: 'ISO 4217 currency in circulation.' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'moneda must be an ISO 4217 code of 3 uppercase letters' })
  moneda!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-07-01T00:00:00Z' })
  @IsOptionalNotNull()
  @IsDateTimeWithZone()
  fecha_inicio?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-12-31T23:59:59Z', description: 'After fecha_inicio.' })
  @IsOptionalNotNull()
  @IsDateTimeWithZone()
  fecha_fin?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 30 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(365)
  ventana_atribucion_dias?: number;

  @ApiProperty({ type: [ReglaComisionRequestDto], description: 'At least one; at most one per (tipo_evento, tipo_conversion).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ReglaComisionRequestDto)
  reglas_comision!: ReglaComisionRequestDto[];

  @ApiPropertyOptional({ type: [String], description: 'Affiliates assigned at creation (each must be ACTIVO: 404/422 otherwise).' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @NormalizeUuid()
  @IsString({ each: true })
  @Matches(ID_EXTERNO, { each: true, message: 'each influencers_ids entry must be an affiliate id' })
  influencers_ids?: string[];
}
