import { Column, Entity, Index, PrimaryGeneratedColumn, ValueTransformer } from 'typeorm';

/** BIGINT comes back from mysql2 as a string; epoch milliseconds fit a JS number exactly. */
const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value ?? null,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/**
 * A row of the transactional outbox. The table is created by `CreateOutboxMessages1790000000000`; the writer and
 * the relay use SQL directly, so registering this entity in a DataSource is only needed to query it with TypeORM.
 */
@Entity({ name: 'outbox_messages' })
@Index('IDX_outbox_messages_published_at_id', ['publishedAt', 'id'])
export class OutboxMessageOrmEntity {
  /** Insertion order: the relay publishes in this order. A string because BIGINT exceeds a JS number. */
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Index('UQ_outbox_messages_event_id', { unique: true })
  @Column({ name: 'event_id', type: 'char', length: 36 })
  eventId!: string;

  @Column({ type: 'varchar', length: 255 })
  topic!: string;

  @Column({ name: 'message_key', type: 'varchar', length: 255 })
  messageKey!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 150 })
  eventType!: string;

  @Column({ type: 'longblob' })
  payload!: Buffer;

  /** JSON object of string properties. */
  @Column({ type: 'text' })
  properties!: string;

  @Column({ name: 'event_time', type: 'bigint', nullable: true, transformer: epochMillis })
  eventTime!: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  /** Set when the relay parked the row: the broker refused it for good (see `lastError`); it is never sent again. */
  @Column({ name: 'failed_at', type: 'datetime', precision: 3, nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'int', unsigned: true, default: 0 })
  attempts!: number;

  /** The last send error: why a pending row was not published yet, or why a parked row was refused. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
