import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Max, Min } from 'class-validator';
import { IsDecimalNumber, IsOptionalNotNull } from '@alpes/platform';
import { COMISION_MAX_DECIMALES } from '../../domain/afiliado/value-objects/configuracion-comisiones.value-object';


/** Optional percentages of a registration: comision_base defaults to 10 %. */
export class ConfiguracionComisionesRequestDto {
  @ApiPropertyOptional({
    description: 'Porcentaje base de comisión (0–100, hasta 4 decimales; 15 = 15 %). Por defecto 10.',
    example: 15,
    minimum: 0,
    maximum: 100,
    default: 10,
  })
  @IsOptionalNotNull()
  @IsDecimalNumber(COMISION_MAX_DECIMALES)
  @Min(0)
  @Max(100)
  comision_base?: number;

  @ApiPropertyOptional({
    description:
      'Porcentaje premium (0–100, hasta 4 decimales), no menor que comision_base (si no: 422 ' +
      'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE). Sustituye al porcentaje CPS de la campaña para afiliados premium. ' +
      'Ausente o null: sin porcentaje premium.',
    example: 20,
    minimum: 0,
    maximum: 100,
    nullable: true,
    type: Number,
  })
  // null removes the premium percentage: a meaning of its own, so it stays nullable (documented above).
  @IsOptional()
  @IsDecimalNumber(COMISION_MAX_DECIMALES)
  @Min(0)
  @Max(100)
  comision_premium?: number | null;
}

/** Body of PUT /:id/configuracion-comisiones: comision_base is required; an absent comision_premium removes it. */
export class ActualizarConfiguracionComisionesRequestDto {
  @ApiProperty({ description: 'Porcentaje base de comisión (0–100, hasta 4 decimales).', example: 12.5, minimum: 0, maximum: 100 })
  @IsDecimalNumber(COMISION_MAX_DECIMALES)
  @Min(0)
  @Max(100)
  comision_base!: number;

  @ApiPropertyOptional({
    description: 'Porcentaje premium (0–100), no menor que comision_base; ausente o null lo elimina.',
    example: 18,
    minimum: 0,
    maximum: 100,
    nullable: true,
    type: Number,
  })
  // null removes the premium percentage: a meaning of its own, so it stays nullable (documented above).
  @IsOptional()
  @IsDecimalNumber(COMISION_MAX_DECIMALES)
  @Min(0)
  @Max(100)
  comision_premium?: number | null;
}
