import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Row of `registro_eventos` (CreateMonitoreo1790000500000). Written with multi-row SQL; the entity documents the shape. */
@Entity({ name: 'registro_eventos' })
@Index('idx_registro_eventos_tiempo', ['occurredAt', 'receivedAt', 'category', 'eventType'])
@Index('idx_registro_eventos_categoria', ['category', 'occurredAt', 'currency', 'value'])
@Index('idx_registro_eventos_tipo', ['eventType', 'occurredAt'])
@Index('idx_registro_eventos_usuario', ['userId', 'occurredAt'])
@Index('idx_registro_eventos_campana', ['campaignId', 'occurredAt'])
@Index('idx_registro_eventos_afiliado', ['affiliateId', 'occurredAt'])
@Index('uq_registro_eventos_event_topic', ['eventId', 'sourceTopic'], { unique: true })
export class RegistroEventoOrmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  seq!: string;

  /** Compared byte for byte: ids supplied by outside systems are case- and accent-sensitive. */
  @Column({ name: 'event_id', type: 'varchar', length: 100, charset: 'utf8mb4', collation: 'utf8mb4_bin' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 100 })
  eventType!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 200, nullable: true })
  userId!: string | null;

  @Column({ name: 'campaign_id', type: 'varchar', length: 100, nullable: true })
  campaignId!: string | null;

  @Column({ name: 'affiliate_id', type: 'varchar', length: 100, nullable: true })
  affiliateId!: string | null;

  @Column({ type: 'decimal', precision: 19, scale: 4, nullable: true })
  value!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  @Column({ name: 'conversion_type', type: 'varchar', length: 50, nullable: true })
  conversionType!: string | null;

  @Column({ name: 'occurred_at', type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ name: 'source_topic', type: 'varchar', length: 50 })
  sourceTopic!: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  producer!: string | null;

  @Column({ name: 'received_at', type: 'datetime', precision: 3 })
  receivedAt!: Date;
}
