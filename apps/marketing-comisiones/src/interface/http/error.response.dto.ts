import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'reglas_comision[0].valor' })
  field!: string;

  @ApiProperty({ type: [String], example: ['valor must be a number with at most 4 decimals'] })
  messages!: string[];
}

/** The error body of every endpoint (DESIGN.md §6), for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'A campaign in BORRADOR cannot move to PAUSADA' })
  message!: string | string[];

  @ApiPropertyOptional({ description: 'Stable code (`CONTEXTO.MOTIVO`), e.g. CAMPANA.TRANSICION_INVALIDA.', example: 'CAMPANA.TRANSICION_INVALIDA' })
  code?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desde: 'BORRADOR', hacia: 'PAUSADA' } })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Only in validation 400s: the errors per field.' })
  errors?: FieldErrorDto[];
}

export const BAD_REQUEST = {
  type: ErrorResponseDto,
  description: 'Invalid data: field errors (VALIDACION.DATOS_INVALIDOS), unknown fields, malformed JSON, ids that are not uuids, or a domain validation code.',
};
