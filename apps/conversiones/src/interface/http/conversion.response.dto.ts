import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIPOS_CONVERSION } from '../../domain/conversion/value-objects/tipo-conversion';
import { MOTIVOS_RECHAZO } from '../../domain/conversion/value-objects/motivo-rechazo';

const ESTADOS = ['REGISTRADA', 'VALIDADA', 'RECHAZADA', 'REVERTIDA'];

export class ConversionAceptadaResponseDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ['REGISTRADA'] })
  estado!: 'REGISTRADA';
}

export class ReversionAceptadaResponseDto {
  @ApiProperty()
  id!: string;
}

export class HistorialResponseDto {
  @ApiProperty({ example: 'ConversionValidada' })
  evento!: string;

  @ApiProperty({ enum: ESTADOS, description: 'State right after the event' })
  estado!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiPropertyOptional({ description: 'Rejection code or revert reason' })
  motivo?: string;
}

export class ConversionResponseDto {
  @ApiProperty()
  id!: string;

  @ApiProperty({ enum: ESTADOS })
  estado!: string;

  @ApiProperty({ nullable: true, type: String, description: 'null until attributed (a click conversion)' })
  afiliado_id!: string | null;

  @ApiProperty({ nullable: true, type: String })
  campana_id!: string | null;

  @ApiProperty({ nullable: true, type: String })
  click_id!: string | null;

  @ApiProperty({ enum: TIPOS_CONVERSION })
  tipo_conversion!: string;

  @ApiProperty({ example: 150000 })
  valor_conversion!: number;

  @ApiProperty({ example: 'COP' })
  moneda!: string;

  @ApiProperty({ nullable: true, type: String })
  referencia_externa!: string | null;

  @ApiProperty({ nullable: true, type: String })
  usuario_id!: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the conversion happened' })
  timestamp!: string;

  @ApiProperty({ nullable: true, enum: [...MOTIVOS_RECHAZO], description: 'Set when RECHAZADA' })
  motivo_rechazo!: string | null;

  @ApiProperty({ nullable: true, type: String })
  detalle_rechazo!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Set when REVERTIDA' })
  motivo_reversion!: string | null;

  @ApiProperty({ description: 'false: accepted, its command not processed yet (REGISTRADA, empty historial)' })
  procesada!: boolean;

  @ApiProperty({ type: [HistorialResponseDto], description: 'Every event of the conversion, oldest first' })
  historial!: HistorialResponseDto[];
}
