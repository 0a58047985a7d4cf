import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'configuracion_comisiones.comision_base' })
  field!: string;

  @ApiProperty({ type: [String], example: ['comision_base must not be greater than 100'] })
  messages!: string[];
}

/** The error body of every endpoint (DESIGN.md §6), for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'No se puede activar un afiliado en estado ACTIVO' })
  message!: string | string[];

  @ApiPropertyOptional({
    description:
      'Código estable: VALIDACION.DATOS_INVALIDOS, HTTP.JSON_INVALIDO, AFILIADO.ID_INVALIDO, AFILIADO.NO_ENCONTRADO, ' +
      'AFILIADO.EMAIL_DUPLICADO, AFILIADO.ID_EN_CONFLICTO, AFILIADO.TRANSICION_INVALIDA, AFILIADO.MODIFICACION_CONCURRENTE, ' +
      'AFILIADO.MOTIVO_REQUERIDO, AFILIADO.COMISION_INVALIDA, AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE, …',
    example: 'AFILIADO.TRANSICION_INVALIDA',
  })
  code?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { desde: 'ACTIVO', hacia: 'ACTIVO' } })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Solo en 400 de validación: errores por campo.' })
  errors?: FieldErrorDto[];
}
