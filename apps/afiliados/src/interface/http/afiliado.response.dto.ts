import { ApiProperty } from '@nestjs/swagger';
import type { Afiliado } from '../../domain/afiliado/afiliado.aggregate';
import { ESTADOS_AFILIADO, type EstadoAfiliado } from '../../domain/afiliado/value-objects/estado-afiliado';
import { TIPOS_AFILIADO, type TipoAfiliado } from '../../domain/afiliado/value-objects/tipo-afiliado';

export class ConfiguracionComisionesResponseDto {
  @ApiProperty({ description: 'Porcentaje base (15 = 15 %).', example: 15 })
  comision_base!: number;

  @ApiProperty({ description: 'Porcentaje premium o null.', example: 20, nullable: true, type: Number })
  comision_premium!: number | null;
}

export class AfiliadoResponseDto {
  @ApiProperty({ format: 'uuid', example: '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b' })
  id!: string;

  @ApiProperty({ example: 'Juan Pérez' })
  nombre!: string;

  @ApiProperty({ example: 'juan@email.com' })
  email!: string;

  @ApiProperty({ enum: TIPOS_AFILIADO, example: 'premium' })
  tipo_afiliado!: TipoAfiliado;

  @ApiProperty({ enum: ESTADOS_AFILIADO, example: 'PENDIENTE', description: 'PENDIENTE → ACTIVO ⇄ SUSPENDIDO' })
  estado!: EstadoAfiliado;

  @ApiProperty({ type: ConfiguracionComisionesResponseDto })
  configuracion_comisiones!: ConfiguracionComisionesResponseDto;

  @ApiProperty({ example: 'CO', nullable: true, type: String })
  pais!: string | null;

  @ApiProperty({ type: [String], example: ['https://instagram.com/juanperez'] })
  redes_sociales!: string[];

  @ApiProperty({ description: 'Motivo de la suspensión en curso; null si no está SUSPENDIDO.', nullable: true, type: String })
  motivo_suspension!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-10T10:00:00.000Z' })
  creado_en!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-10T10:00:00.000Z' })
  actualizado_en!: string;

  @ApiProperty({ description: 'Versión (concurrencia optimista); sube con cada cambio.', example: 1 })
  version!: number;

  static from(afiliado: Afiliado): AfiliadoResponseDto {
    const p = afiliado.getProps();
    return {
      id: afiliado.id,
      nombre: p.nombre,
      email: p.email.value,
      tipo_afiliado: p.tipoAfiliado,
      estado: p.estado,
      configuracion_comisiones: {
        comision_base: p.configuracionComisiones.comisionBase.toNumber(),
        comision_premium: p.configuracionComisiones.comisionPremium?.toNumber() ?? null,
      },
      pais: p.pais,
      redes_sociales: [...p.redesSociales],
      motivo_suspension: p.motivoSuspension,
      creado_en: p.creadoEn.toISOString(),
      actualizado_en: p.actualizadoEn.toISOString(),
      version: afiliado.version,
    };
  }
}

export class AfiliadosPageResponseDto {
  @ApiProperty({ type: [AfiliadoResponseDto] })
  items!: AfiliadoResponseDto[];

  @ApiProperty({ description: 'Afiliados que cumplen el filtro (todas las páginas).', example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  limit!: number;
}
