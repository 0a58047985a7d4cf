import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row of `alertas`. `reglaActiva` = the rule's id while ACTIVA, NULL once RESUELTA (unique: one active alert per rule). */
@Entity({ name: 'alertas' })
@Index('idx_alertas_disparada', ['disparadaEn'])
@Index('idx_alertas_estado_disparada', ['estado', 'disparadaEn'])
export class AlertaOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  regla!: string;

  @Column({ type: 'decimal', precision: 19, scale: 4 })
  valor!: string;

  @Column({ type: 'decimal', precision: 9, scale: 4 })
  umbral!: string;

  @Column({ type: 'varchar', length: 3 })
  periodo!: string;

  @Column({ type: 'bigint', unsigned: true })
  clicks!: string;

  @Column({ type: 'bigint', unsigned: true })
  conversiones!: string;

  @Column({ type: 'varchar', length: 10 })
  estado!: string;

  @Column({ name: 'disparada_en', type: 'datetime', precision: 3 })
  disparadaEn!: Date;

  @Column({ name: 'resuelta_en', type: 'datetime', precision: 3, nullable: true })
  resueltaEn!: Date | null;

  @Column({ name: 'valor_resolucion', type: 'decimal', precision: 19, scale: 4, nullable: true })
  valorResolucion!: string | null;

  @Index('uq_alertas_regla_activa', { unique: true })
  @Column({ name: 'regla_activa', type: 'varchar', length: 50, nullable: true })
  reglaActiva!: string | null;
}
