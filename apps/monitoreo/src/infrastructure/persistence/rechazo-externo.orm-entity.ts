import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row of `rechazos_externos`: one outside-system message sent to the DLQ, keyed by the message. */
@Entity({ name: 'rechazos_externos' })
@Index('idx_rechazos_externos_topic_motivo', ['sourceTopic', 'motivo'])
export class RechazoExternoOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ name: 'source_topic', type: 'varchar', length: 50 })
  sourceTopic!: string;

  @Column({ type: 'varchar', length: 100 })
  motivo!: string;

  @Column({ type: 'varchar', length: 500 })
  detalle!: string;

  @Column({ name: 'recibido_en', type: 'datetime', precision: 3 })
  recibidoEn!: Date;
}
