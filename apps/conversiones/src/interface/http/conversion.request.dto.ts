import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsAmount, IsOptionalNotNull, MAX_AMOUNT, NormalizeUuid } from '@alpes/platform';
import { TIPOS_CONVERSION, type TipoConversion } from '../../domain/conversion/value-objects/tipo-conversion';
import { ID_EXTERNO, ID_PROPIO, IsMonedaIso4217, IsTimestampTracking } from './validators';

const sinClick = (o: ConversionRequestDto): boolean => o.click_id === undefined;

/** `POST /api/v1/conversiones`: names `click_id`, or `afiliado_id` + `campana_id`. */
export class ConversionRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id: the same request again is a retry; the same id with other content 409', example: 'conv-456' })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsString()
  @Matches(ID_PROPIO, { message: '$property must be 1-64 characters: letters, digits, . _ : -' })
  id?: string;

  @ApiPropertyOptional({ description: 'The click it follows (attributed to its affiliate and campaign)', example: '5f0c2d7e-2b7a-4c1e-9f51-3d9a8e1b7c01' })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsString()
  @Matches(ID_PROPIO, { message: '$property must be 1-64 characters: letters, digits, . _ : -' })
  click_id?: string;

  @ApiPropertyOptional({ description: 'Required without click_id' })
  @ValidateIf((o: ConversionRequestDto) => sinClick(o) || o.afiliado_id !== undefined)
  @IsDefined({ message: '$property is required when click_id is absent' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: '$property must be 1-100 characters: letters, digits, . _ : -' })
  afiliado_id?: string;

  @ApiPropertyOptional({ description: 'Required without click_id' })
  @ValidateIf((o: ConversionRequestDto) => sinClick(o) || o.campana_id !== undefined)
  @IsDefined({ message: '$property is required when click_id is absent' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: '$property must be 1-100 characters: letters, digits, . _ : -' })
  campana_id?: string;

  @ApiProperty({ enum: TIPOS_CONVERSION, example: 'venta' })
  @IsIn(TIPOS_CONVERSION)
  tipo_conversion!: TipoConversion;

  @ApiProperty({ description: 'Amount in `moneda` units (JSON number, exact to the currency minor unit); a venta must be > 0', example: 150000 })
  @IsAmount()
  @Min(-MAX_AMOUNT)
  valor_conversion!: number;

  @ApiProperty({ description: 'ISO 4217; must be the campaign currency (no conversion between currencies)', example: 'COP' })
  @IsMonedaIso4217()
  moneda!: string;

  @ApiPropertyOptional({ description: 'Order or transaction id of the merchant: unique per campaign', example: 'PED-2025-0001', maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  referencia_externa?: string;

  @ApiPropertyOptional({ example: 'usr-101', maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  usuario_id?: string;

  @ApiPropertyOptional({
    description: 'When the conversion happened: ISO 8601 date-time or epoch milliseconds (default: when it is received)',
    oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer', format: 'int64' }],
  })
  @IsOptionalNotNull()
  @IsTimestampTracking()
  timestamp?: string | number;
}

/** `POST /api/v1/conversiones/:id/revertir` */
export class RevertirConversionRequestDto {
  @ApiProperty({ example: 'Reembolso solicitado por el cliente', minLength: 1, maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  motivo!: string;
}
