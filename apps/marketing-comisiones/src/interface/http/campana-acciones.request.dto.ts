import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull, NormalizeUuid, PaginationQueryDto } from '@alpes/platform';
import { ESTADOS_CAMPANA } from '../../domain/campana/estado-campana';
import { ID_EXTERNO } from './id.pipe';

export class AsignarAfiliadoRequestDto {
  @ApiProperty({ example: '8f14e45f-ceea-4e67-a0f4-1b2a3c4d5e6f', description: 'An affiliate this service knows as ACTIVO.' })
  @NormalizeUuid()
  @IsString()
  @Matches(ID_EXTERNO, { message: 'afiliado_id must be an affiliate id' })
  afiliado_id!: string;
}

export class PausarCampanaRequestDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'revisión de creatividades', description: 'Published as CampanaPausada.motivo (null when absent).' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  motivo?: string;
}

export class ListarCampanasRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ESTADOS_CAMPANA })
  @IsOptional()
  @IsIn(ESTADOS_CAMPANA)
  estado?: (typeof ESTADOS_CAMPANA)[number];
}
