import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '@alpes/platform';
import { ESTADOS_AFILIADO, type EstadoAfiliado } from '../../domain/afiliado/value-objects/estado-afiliado';
import { TIPOS_AFILIADO, type TipoAfiliado } from '../../domain/afiliado/value-objects/tipo-afiliado';

export class ListarAfiliadosRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ESTADOS_AFILIADO })
  @IsOptional()
  @IsIn(ESTADOS_AFILIADO)
  estado?: EstadoAfiliado;

  @ApiPropertyOptional({ enum: TIPOS_AFILIADO })
  @IsOptional()
  @IsIn(TIPOS_AFILIADO)
  tipo_afiliado?: TipoAfiliado;

  @ApiPropertyOptional({ description: 'Email exacto (sin distinguir mayúsculas).', example: 'juan@email.com' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Texto contenido en el nombre o el email (sin distinguir mayúsculas ni acentos).', example: 'perez' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
