import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Error body of every non-2xx answer (DESIGN.md §6). */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ example: 'Not Found' }) error!: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }) message!: string | string[];
  @ApiPropertyOptional({ example: 'TRACKING.CAMPANA_NO_ENCONTRADA' }) code?: string;
  @ApiPropertyOptional({ type: Object }) details?: Record<string, unknown>;
}
