import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Paginated } from '@alpes/seedwork';
import type { Campana } from '../../domain/campana/campana.aggregate';
import { ESTADOS_CAMPANA } from '../../domain/campana/estado-campana';
import { MODELOS, TIPOS_CONVERSION, TIPOS_EVENTO } from '../../domain/shared/tipos';
import { numero, numeroDeTexto } from './numeros';

export class ReglaComisionResponseDto {
  @ApiProperty({ enum: TIPOS_EVENTO }) tipo_evento!: string;
  @ApiProperty({ enum: TIPOS_CONVERSION, nullable: true }) tipo_conversion!: string | null;
  @ApiProperty({ enum: MODELOS }) modelo!: string;
  @ApiProperty({ example: 10 }) valor!: number;
}

export class CampanaResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() nombre!: string;
  @ApiProperty() producto!: string;
  @ApiProperty() marca!: string;
  @ApiProperty({ example: 5000000 }) presupuesto!: number;
  @ApiProperty({ example: 4985000, description: 'What is left of the budget (never below 0).' }) presupuesto_disponible!: number;
  @ApiProperty({ example: 'COP' }) moneda!: string;
  @ApiProperty({ enum: ESTADOS_CAMPANA }) estado!: string;
  @ApiProperty({ type: [ReglaComisionResponseDto] }) reglas_comision!: ReglaComisionResponseDto[];
  @ApiProperty({ type: [String] }) afiliados_ids!: string[];
  @ApiProperty({ example: 30 }) ventana_atribucion_dias!: number;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) fecha_inicio!: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) fecha_fin!: string | null;
  @ApiProperty({ format: 'date-time' }) creado_en!: string;
  @ApiProperty({ format: 'date-time' }) actualizado_en!: string;
  @ApiProperty({ description: 'Optimistic-concurrency version.' }) version!: number;

  static from(campana: Campana): CampanaResponseDto {
    const p = campana.getProps();
    return {
      id: campana.id,
      nombre: p.nombre,
      producto: p.producto,
      marca: p.marca,
      presupuesto: numero(p.presupuesto),
      presupuesto_disponible: numero(p.presupuestoDisponible),
      moneda: p.presupuesto.currency,
      estado: p.estado,
      reglas_comision: p.reglas.todas().map((r) => ({
        tipo_evento: r.tipoEvento,
        tipo_conversion: r.tipoConversion,
        modelo: r.modelo,
        valor: numeroDeTexto(r.valor),
      })),
      afiliados_ids: [...p.afiliadosIds],
      ventana_atribucion_dias: p.ventanaAtribucionDias,
      fecha_inicio: p.fechaInicio ? p.fechaInicio.toISOString() : null,
      fecha_fin: p.fechaFin ? p.fechaFin.toISOString() : null,
      creado_en: p.creadoEn.toISOString(),
      actualizado_en: p.actualizadoEn.toISOString(),
      version: campana.version,
    };
  }
}

export class CampanasPageResponseDto {
  @ApiProperty({ type: [CampanaResponseDto] }) items!: CampanaResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;

  static from(page: Paginated<Campana>): CampanasPageResponseDto {
    return { items: page.items.map(CampanaResponseDto.from), total: page.total, page: page.page, limit: page.limit };
  }
}
