import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Schema: CreateMarketingTables1791000000000 (CHECK 0 ≤ presupuesto_disponible ≤ presupuesto). */
@Entity({ name: 'campanas' })
export class CampanaOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) nombre!: string;
  @Column({ type: 'varchar', length: 200 }) producto!: string;
  @Column({ type: 'varchar', length: 200 }) marca!: string;
  @Column({ type: 'decimal', precision: 18, scale: 4 }) presupuesto!: string;
  @Column({ name: 'presupuesto_disponible', type: 'decimal', precision: 18, scale: 4 }) presupuestoDisponible!: string;
  @Column({ type: 'char', length: 3 }) moneda!: string;
  @Column({ name: 'fecha_inicio', type: 'datetime', precision: 3, nullable: true }) fechaInicio!: Date | null;
  @Column({ name: 'fecha_fin', type: 'datetime', precision: 3, nullable: true }) fechaFin!: Date | null;
  @Column({ name: 'ventana_atribucion_dias', type: 'smallint', unsigned: true }) ventanaAtribucionDias!: number;
  /** JSON: [{ tipo_evento, tipo_conversion, modelo, valor }] with decimal text values. */
  @Column({ name: 'reglas_comision', type: 'text' }) reglasComision!: string;
  /** JSON array of affiliate ids, in assignment order (part of the aggregate, always loaded with it). */
  @Column({ name: 'afiliados_ids', type: 'mediumtext' }) afiliadosIds!: string;
  @Column({ type: 'varchar', length: 20 }) estado!: string;
  @Column({ name: 'huella_creacion', type: 'char', length: 64 }) huellaCreacion!: string;
  @Column({ type: 'int', unsigned: true }) version!: number;
  @Column({ name: 'creado_en', type: 'datetime', precision: 3 }) creadoEn!: Date;
  @Column({ name: 'actualizado_en', type: 'datetime', precision: 3 }) actualizadoEn!: Date;
}
