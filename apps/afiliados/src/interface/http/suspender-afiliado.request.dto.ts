import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MOTIVO_MAX_LENGTH } from '../../domain/afiliado/afiliado.aggregate';
import { trimmed } from './dto-transforms';

export class SuspenderAfiliadoRequestDto {
  @ApiProperty({ description: 'Por qué se suspende (obligatorio, no vacío).', example: 'Tráfico fraudulento detectado', maxLength: MOTIVO_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @MinLength(1, { message: 'motivo must not be empty' })
  @MaxLength(MOTIVO_MAX_LENGTH)
  motivo!: string;
}
