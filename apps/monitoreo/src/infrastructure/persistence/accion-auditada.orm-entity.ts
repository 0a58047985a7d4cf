import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Row of `auditoria`: one `AccionRegistrada`. */
@Entity({ name: 'auditoria' })
@Index('idx_auditoria_at', ['at'])
@Index('idx_auditoria_servicio_at', ['servicio', 'at'])
@Index('idx_auditoria_recurso_at', ['recurso', 'recursoId', 'at'])
@Index('idx_auditoria_accion_at', ['accion', 'at'])
export class AccionAuditadaOrmEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  @Column({ type: 'varchar', length: 50 })
  servicio!: string;

  @Column({ type: 'varchar', length: 100 })
  accion!: string;

  @Column({ type: 'varchar', length: 100 })
  recurso!: string;

  @Column({ name: 'recurso_id', type: 'varchar', length: 100 })
  recursoId!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ type: 'varchar', length: 20 })
  resultado!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  detalle!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  @Column({ name: 'correlation_id', type: 'varchar', length: 100, nullable: true })
  correlationId!: string | null;

  @Column({ name: 'recibido_en', type: 'datetime', precision: 3 })
  recibidoEn!: Date;
}
