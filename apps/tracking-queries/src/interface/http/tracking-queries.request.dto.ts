import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, PaginationQueryDto } from '@alpes/platform';
import { ESTADOS_CONVERSION, type EstadoConversion } from '../../domain/proyeccion/conversion-proyectada.entity';
import { ID_MAX } from '../../application/proyeccion/traductor-eventos';

/** What an id in a path may look like: uuids and the other services' ids (`imp-123`), nothing that needs escaping. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export class IdPathDto {
  @ApiProperty({ description: `Id (1..${ID_MAX} characters: letters, digits, _ . : -)`, example: 'acde070d-8c4c-4f0d-9d8a-162843c10111' })
  @IsString()
  @MaxLength(ID_MAX)
  @Matches(ID_PATTERN, { message: 'id must contain only letters, digits, _ . : - and start with a letter or digit' })
  id!: string;
}

export class ListarImpresionesRequestDto extends PaginationQueryDto {}

export class ListarConversionesRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ESTADOS_CONVERSION, description: 'only conversions in this state' })
  @IsOptional()
  @IsIn(ESTADOS_CONVERSION)
  estado?: EstadoConversion;
}

export class EstadisticasRequestDto {
  @ApiPropertyOptional({
    description: "currency of the amounts (ISO 4217); default the campaign's, or for an affiliate the first of its currencies",
    example: 'COP',
  })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'moneda must be an ISO 4217 code of 3 uppercase letters' })
  moneda?: string;
}

export class ReconstruccionIdPathDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  id!: string;
}

/** Body of POST /admin/rebuild (optional: no body is fine); any other field is refused with 400. */
export class SolicitarReconstruccionRequestDto {
  @ApiPropertyOptional({ description: 'why the rebuild is requested (kept in the audit trail)', maxLength: 500, example: 'nueva regla de comisiones' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  motivo?: string;
}
