import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One invalid field of a 400 (OpenAPI shape of `FieldError`). */
export class FieldErrorDto {
  @ApiProperty({ example: 'items[3].campana_id', description: 'path of the field in the request body or query' })
  field!: string;

  @ApiProperty({ type: [String], example: ['campana_id must be a UUID'] })
  messages!: string[];
}

/**
 * The error body of every non-2xx answer of every service (DESIGN.md §6), for the OpenAPI documents:
 * `@ApiResponse({ status: 404, type: ErrorResponseDto, description: '…' })`.
 */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'illegal transition from ACTIVO to ACTIVO' })
  message!: string | string[];

  @ApiPropertyOptional({
    description:
      'Stable machine-readable code `CONTEXTO.MOTIVO` (e.g. VALIDACION.DATOS_INVALIDOS, HTTP.JSON_INVALIDO, ' +
      'AFILIADO.EMAIL_DUPLICADO, CAMPANA.AFILIADO_NO_ACTIVO, TRACKING.CAMPANA_DESCONOCIDA); each endpoint lists its own.',
    example: 'AFILIADO.TRANSICION_INVALIDA',
  })
  code?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desde: 'ACTIVO', hacia: 'ACTIVO' } })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Only in validation 400s: the errors per field.' })
  errors?: FieldErrorDto[];
}
