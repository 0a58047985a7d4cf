import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsAmount, IsOptionalNotNull, NormalizeUuid, PaginationQueryDto } from '@alpes/platform';
import { ESTADOS_COMISION } from '../../domain/comision/estado-comision';
import { ID_CONVERSION, ID_EXTERNO } from './id.pipe';

export class CrearComisionRequestDto {
  @ApiProperty({ example: '8f14e45f-ceea-4e67-a0f4-1b2a3c4d5e6f', description: 'An affiliate this service knows (404 otherwise).' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: 'afiliado_id must be an affiliate id' })
  afiliado_id!: string;

  @ApiProperty({ example: 'conv_456', description: 'One commission per conversion: a second one → 409 COMISION.CONVERSION_DUPLICADA.' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_CONVERSION, { message: 'conversion_id must be 1-64 characters of letters, digits and . _ : @ -' })
  conversion_id!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'When given: the campaign must exist, the amount must fit its remaining budget (422) and is taken from it.' })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsUUID()
  campana_id?: string;

  @ApiProperty({ enum: ['porcentual', 'fija'], description: 'porcentual: porcentaje % of valor_conversion (modelo CPS); fija: monto (modelo CPA).' })
  @IsIn(['porcentual', 'fija'])
  tipo_comision!: 'porcentual' | 'fija';

  @ApiPropertyOptional({ example: 15, minimum: 0, maximum: 100, description: 'Required for porcentual.' })
  @IsOptionalNotNull()
  @IsAmount()
  @Min(0)
  @Max(100)
  porcentaje?: number;

  @ApiPropertyOptional({ example: 15000, description: 'Required for fija; > 0, at most the currency minor-unit decimals.' })
  @IsOptionalNotNull()
  @IsAmount()
  monto?: number;

  @ApiPropertyOptional({ example: 100000, description: 'Sale value; required for porcentual (> 0).' })
  @IsOptionalNotNull()
  @IsAmount()
  valor_conversion?: number;

  @ApiPropertyOptional({ example: 'COP', description: "Default: the campaign's; required without campana_id; must equal the campaign's." })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'moneda must be an ISO 4217 code of 3 uppercase letters' })
  moneda?: string;
}

export class RechazarComisionRequestDto {
  @ApiProperty({ maxLength: 500, example: 'Conversión fraudulenta' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'motivo must not be blank' })
  @MaxLength(500)
  motivo!: string;
}

export class ListarComisionesRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeUuid()
  @IsString()
  @MaxLength(100)
  afiliado_id?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @NormalizeUuid()
  @IsString()
  @MaxLength(100)
  campana_id?: string;

  @ApiPropertyOptional({ enum: ESTADOS_COMISION })
  @IsOptional()
  @IsIn(ESTADOS_COMISION)
  estado?: (typeof ESTADOS_COMISION)[number];
}
