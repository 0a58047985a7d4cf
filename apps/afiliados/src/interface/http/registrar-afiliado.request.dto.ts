import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsOptionalNotNull, NormalizeUuid } from '@alpes/platform';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  NOMBRE_MAX_LENGTH,
  REDES_SOCIALES_MAX,
  RED_SOCIAL_MAX_LENGTH,
} from '../../domain/afiliado/value-objects/datos-registro.value-object';
import { TIPOS_AFILIADO, type TipoAfiliado } from '../../domain/afiliado/value-objects/tipo-afiliado';
import { ConfiguracionComisionesRequestDto } from './configuracion-comisiones.request.dto';
import { normalizedEmail, trimmed } from './dto-transforms';

export class RegistrarAfiliadoRequestDto {
  @ApiPropertyOptional({
    description:
      'Id elegido por el cliente (uuid) para reintentos idempotentes: el mismo id con el mismo contenido responde 200 con ' +
      'el afiliado ya registrado; con otro contenido, 409 AFILIADO.ID_EN_CONFLICTO. Sin id se genera uno.',
    format: 'uuid',
    example: '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b',
  })
  @IsOptionalNotNull()
  @NormalizeUuid()
  @IsUUID('all')
  id?: string;

  @ApiProperty({ description: 'Nombre (se recortan los espacios).', example: 'Juan Pérez', maxLength: NOMBRE_MAX_LENGTH })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(NOMBRE_MAX_LENGTH)
  nombre!: string;

  @ApiProperty({
    description: 'Email, único entre los afiliados; se guarda recortado y en minúsculas. Ya registrado: 409 AFILIADO.EMAIL_DUPLICADO.',
    example: 'juan@email.com',
    maxLength: 254,
  })
  @Transform(normalizedEmail)
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ enum: TIPOS_AFILIADO, example: 'premium' })
  @IsIn(TIPOS_AFILIADO)
  tipo_afiliado!: TipoAfiliado;

  @ApiPropertyOptional({
    type: ConfiguracionComisionesRequestDto,
    description: 'Porcentajes de comisión; si se omite, comision_base = 10 y sin comision_premium.',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ConfiguracionComisionesRequestDto)
  configuracion_comisiones?: ConfiguracionComisionesRequestDto;

  @ApiPropertyOptional({ description: 'País, ISO 3166-1 alpha-2 (se guarda en mayúsculas); null o ausente: sin país.', example: 'CO', nullable: true, type: String })
  // null states "no country" explicitly (the stored value is null): kept nullable.
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z]{2}$/, { message: 'pais must be an ISO 3166-1 alpha-2 code' })
  pais?: string | null;

  @ApiPropertyOptional({
    description: `URLs o handles de redes sociales (hasta ${REDES_SOCIALES_MAX}, de 1 a ${RED_SOCIAL_MAX_LENGTH} caracteres).`,
    type: [String],
    example: ['https://instagram.com/juanperez'],
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(REDES_SOCIALES_MAX)
  @IsString({ each: true })
  @Matches(/\S/, { each: true, message: 'each value in redes_sociales must not be blank' })
  @MaxLength(RED_SOCIAL_MAX_LENGTH, { each: true })
  redes_sociales?: string[];
}
