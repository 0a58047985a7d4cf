import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One consumed message: `(subscription, event_id)` is inserted in the same transaction as the handler's effects, so
 * a redelivered or duplicated event finds its row and is skipped. Created by `CreateInboxMessages1790000000001`.
 */
@Entity({ name: 'inbox_messages' })
@Index('IDX_inbox_messages_processed_at', ['processedAt'])
export class InboxMessageOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  subscription!: string;

  @PrimaryColumn({ name: 'event_id', type: 'char', length: 36 })
  eventId!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 150 })
  eventType!: string;

  @Column({ name: 'processed_at', type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' })
  processedAt!: Date;
}
