import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Row of `afiliados` (created by CreateAfiliados1790000100000). Percentages are DECIMAL(7,4) read as strings (exact);
 * `version` is the optimistic-concurrency counter the repository checks in its UPDATE.
 */
@Entity({ name: 'afiliados' })
@Index('idx_afiliados_estado_creado', ['estado', 'creadoEn'])
@Index('idx_afiliados_tipo_creado', ['tipoAfiliado', 'creadoEn'])
@Index('idx_afiliados_creado', ['creadoEn'])
export class AfiliadoOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  nombre!: string;

  @Index('uq_afiliados_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ name: 'tipo_afiliado', type: 'varchar', length: 20 })
  tipoAfiliado!: string;

  @Column({ type: 'varchar', length: 20 })
  estado!: string;

  @Column({ name: 'comision_base', type: 'decimal', precision: 7, scale: 4 })
  comisionBase!: string;

  @Column({ name: 'comision_premium', type: 'decimal', precision: 7, scale: 4, nullable: true })
  comisionPremium!: string | null;

  @Column({ type: 'char', length: 2, nullable: true })
  pais!: string | null;

  @Column({ name: 'redes_sociales', type: 'json' })
  redesSociales!: string[];

  @Column({ name: 'motivo_suspension', type: 'varchar', length: 500, nullable: true })
  motivoSuspension!: string | null;

  @Column({ name: 'huella_registro', type: 'char', length: 64 })
  huellaRegistro!: string;

  @Column({ name: 'creado_en', type: 'datetime', precision: 3 })
  creadoEn!: Date;

  @Column({ name: 'actualizado_en', type: 'datetime', precision: 3 })
  actualizadoEn!: Date;

  @Column({ type: 'int', unsigned: true })
  version!: number;
}
