import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Local projection of an affiliate (owned by `afiliados`). Schema: CreateMarketingTables1791000000000. */
@Entity({ name: 'afiliados_proyeccion' })
export class AfiliadoProyeccionOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 }) id!: string;
  @Column({ type: 'varchar', length: 20 }) estado!: string;
  @Column({ name: 'tipo_afiliado', type: 'varchar', length: 20 }) tipoAfiliado!: string;
  @Column({ name: 'comision_base', type: 'decimal', precision: 9, scale: 4 }) comisionBase!: string;
  @Column({ name: 'comision_premium', type: 'decimal', precision: 9, scale: 4, nullable: true }) comisionPremium!: string | null;
  /** occurred_at of the last event applied. */
  @Column({ name: 'actualizado_en', type: 'datetime', precision: 3 }) actualizadoEn!: Date;
}
