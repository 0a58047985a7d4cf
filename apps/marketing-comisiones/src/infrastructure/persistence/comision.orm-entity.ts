import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** BIGINT comes back as a string (bigNumberStrings); event counts fit a JS number exactly. */
const entero: ValueTransformer = {
  to: (value: number | null | undefined) => value ?? null,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * Commissions, CPC/CPM accruals and negative adjustments. Schema: CreateMarketingTables1791000000000
 * (UNIQUE conversion_id: one commission per conversion; UNIQUE comision_origen_id: one adjustment per reversal).
 */
@Entity({ name: 'comisiones' })
export class ComisionOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 12 }) tipo!: string;
  @Column({ name: 'conversion_id', type: 'varchar', length: 64, nullable: true }) conversionId!: string | null;
  @Column({ name: 'afiliado_id', type: 'varchar', length: 100 }) afiliadoId!: string;
  @Column({ name: 'campana_id', type: 'varchar', length: 100, nullable: true }) campanaId!: string | null;
  @Column({ type: 'varchar', length: 3, nullable: true }) modelo!: string | null;
  @Column({ type: 'decimal', precision: 18, scale: 4 }) base!: string;
  @Column({ type: 'decimal', precision: 9, scale: 4, nullable: true }) porcentaje!: string | null;
  @Column({ type: 'decimal', precision: 18, scale: 4 }) monto!: string;
  @Column({ type: 'char', length: 3 }) moneda!: string;
  @Column({ type: 'varchar', length: 20 }) estado!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) motivo!: string | null;
  /** UTC day YYYY-MM-DD of a CPC/CPM accrual (text: no time-zone conversion on the way). */
  @Column({ type: 'char', length: 10, nullable: true }) periodo!: string | null;
  @Column({ type: 'bigint', unsigned: true, transformer: entero }) cantidad!: number;
  @Column({ name: 'pago_id', type: 'char', length: 36, nullable: true }) pagoId!: string | null;
  @Column({ name: 'comision_origen_id', type: 'char', length: 36, nullable: true }) comisionOrigenId!: string | null;
  @Column({ name: 'publicacion_pendiente', type: 'boolean' }) publicacionPendiente!: boolean;
  @Column({ name: 'valor_conversion', type: 'decimal', precision: 18, scale: 4, nullable: true }) valorConversion!: string | null;
  @Column({ name: 'moneda_conversion', type: 'char', length: 3, nullable: true }) monedaConversion!: string | null;
  @Column({ type: 'int', unsigned: true }) version!: number;
  @Column({ name: 'creado_en', type: 'datetime', precision: 3 }) creadoEn!: Date;
  @Column({ name: 'actualizado_en', type: 'datetime', precision: 3 }) actualizadoEn!: Date;
}
