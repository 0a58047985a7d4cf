import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Row of `reglas_alerta`: a rule's stored configuration (absent until the first PUT: the environment's defaults apply). */
@Entity({ name: 'reglas_alerta' })
export class ReglaAlertaOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  id!: string;

  @Column({ type: 'decimal', precision: 9, scale: 4 })
  umbral!: string;

  @Column({ type: 'varchar', length: 3 })
  periodo!: string;

  @Column({ name: 'minimo_clicks', type: 'int', unsigned: true })
  minimoClicks!: number;

  @Column({ type: 'tinyint' })
  activa!: number;

  @Column({ name: 'actualizada_en', type: 'datetime', precision: 3 })
  actualizadaEn!: Date;
}
