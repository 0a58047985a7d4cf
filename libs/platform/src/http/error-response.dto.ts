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
      'Stable machine-readable code `CONTEXTO.MOTIVO` (e.g. VALIDACION.DATOS_INVALIDOS, AFILIADO.EMAIL_DUPLICADO, ' +
      'CAMPANA.AFILIADO_NO_ACTIVO, TRACKING.CAMPANA_DESCONOCIDA); each endpoint lists its own. Every endpoint may also ' +
      'answer the transport codes: 400 HTTP.JSON_INVALIDO (malformed JSON, not UTF-8, a repeated key), 400 ' +
      'HTTP.JSON_DEMASIADO_PROFUNDO (nested over 32 levels), 400 HTTP.CODIFICACION_INVALIDA (body does not match its ' +
      'Content-Encoding), 413 HTTP.CUERPO_DEMASIADO_GRANDE (over 1 MiB), 415 HTTP.TIPO_CONTENIDO_NO_SOPORTADO (a body ' +
      'that is not JSON), 415 HTTP.CODIFICACION_NO_SOPORTADA (charset other than UTF-8, unknown Content-Encoding).',
    example: 'AFILIADO.TRANSICION_INVALIDA',
  })
  code?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desde: 'ACTIVO', hacia: 'ACTIVO' } })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description:
      'Only in 400s: the errors per field (also a domain validation error about one field, e.g. reglas_comision[1]). ' +
      'A field sent as null where it may only be left out, a lone UTF-16 surrogate in any string, a number a double ' +
      'cannot hold exactly (over 15 significant digits) and a __proto__/constructor/prototype key are refused here.',
  })
  errors?: FieldErrorDto[];
}
