import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Schema: CreateMarketingTables1791000000000. */
@Entity({ name: 'pagos' })
export class PagoOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id!: string;
  @Column({ name: 'afiliado_id', type: 'varchar', length: 100 }) afiliadoId!: string;
  /** JSON array of the commission (and adjustment) ids the payout holds. */
  @Column({ name: 'comision_ids', type: 'mediumtext' }) comisionIds!: string;
  @Column({ type: 'decimal', precision: 18, scale: 4 }) monto!: string;
  @Column({ type: 'char', length: 3 }) moneda!: string;
  @Column({ type: 'varchar', length: 12 }) estado!: string;
  @Column({ name: 'motivo_fallo', type: 'varchar', length: 500, nullable: true }) motivoFallo!: string | null;
  @Column({ name: 'referencia_proveedor', type: 'varchar', length: 200, nullable: true }) referenciaProveedor!: string | null;
  @Column({ type: 'int', unsigned: true }) version!: number;
  @Column({ name: 'creado_en', type: 'datetime', precision: 3 }) creadoEn!: Date;
  @Column({ name: 'actualizado_en', type: 'datetime', precision: 3 }) actualizadoEn!: Date;
  @Column({ name: 'ejecutado_en', type: 'datetime', precision: 3, nullable: true }) ejecutadoEn!: Date | null;
}
