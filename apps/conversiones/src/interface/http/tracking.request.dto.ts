import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIP, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull, NormalizeUuid } from '@alpes/platform';
import { ID_EXTERNO, ID_PROPIO, IsTimestampTracking } from './validators';

const TIMESTAMP_DOC = {
  description: 'When it happened: ISO 8601 date-time or epoch milliseconds (default: when it is received)',
  oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer', format: 'int64' }],
  example: '2025-01-01T12:00:00Z',
};

/** `POST /api/v1/tracking/impresiones` */
export class ImpresionRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id: repeating the request with it records the impression once', example: 'imp-123', pattern: ID_PROPIO.source })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsString()
  @Matches(ID_PROPIO, { message: '$property must be 1-64 characters: letters, digits, . _ : -' })
  id?: string;

  @ApiProperty({ example: 'acde070d-8c4c-4f0d-9d8a-162843c10111' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: '$property must be 1-100 characters: letters, digits, . _ : -' })
  campana_id!: string;

  @ApiProperty({ example: 'acde070d-8c4c-4f0d-9d8a-162843c10222' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: '$property must be 1-100 characters: letters, digits, . _ : -' })
  afiliado_id!: string;

  @ApiPropertyOptional({ example: 'usr-101', maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  usuario_id?: string;

  @ApiPropertyOptional({ example: 'Mozilla/5.0', maxLength: 512 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(512)
  user_agent?: string;

  @ApiPropertyOptional({ example: '181.49.10.20', description: 'IPv4 or IPv6' })
  @IsOptionalNotNull()
  @IsIP()
  ip_address?: string;

  @ApiPropertyOptional({ example: 'https://instagram.com', maxLength: 2048 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  referrer?: string;

  @ApiPropertyOptional(TIMESTAMP_DOC)
  @IsOptionalNotNull()
  @IsTimestampTracking()
  timestamp?: string | number;
}

/** `POST /api/v1/tracking/clicks` */
export class ClickRequestDto extends ImpresionRequestDto {
  @ApiPropertyOptional({ example: 'sess_abc123', maxLength: 128 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(128)
  session_id?: string;

  @ApiPropertyOptional({ example: 'https://product.com/item/123', maxLength: 2048 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2048)
  url?: string;
}

export const MAX_ITEMS_LOTE = 1000;

/** `POST /api/v1/tracking/impresiones/lote` */
export class ImpresionesLoteRequestDto {
  @ApiProperty({ type: [ImpresionRequestDto], minItems: 1, maxItems: MAX_ITEMS_LOTE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_LOTE)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ImpresionRequestDto)
  items!: ImpresionRequestDto[];
}

/** `POST /api/v1/tracking/clicks/lote` */
export class ClicksLoteRequestDto {
  @ApiProperty({ type: [ClickRequestDto], minItems: 1, maxItems: MAX_ITEMS_LOTE })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_LOTE)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ClickRequestDto)
  items!: ClickRequestDto[];
}

export class FraudeQueryDto {
  @ApiPropertyOptional({ description: 'Only this campaign' })
  @IsOptional()
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: '$property must be 1-100 characters: letters, digits, . _ : -' })
  campana_id?: string;
}
