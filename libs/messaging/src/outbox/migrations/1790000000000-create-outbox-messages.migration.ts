import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox table. Apps list this class in their DataSource `migrations`. The `(published_at, id)`
 * index serves the relay's `WHERE published_at IS NULL ORDER BY id` scan and the clean-up of old published rows.
 *
 * `failed_at` is set on a row the broker refused for good (`MessageRejectedError`: too large, event time out of
 * range): the relay "parks" it — never sends it again, and later rows of its key no longer wait for it — and
 * `last_error` says why. Parked rows are never deleted by the clean-up. After fixing the cause, an operator may send
 * one again with `UPDATE outbox_messages SET failed_at = NULL WHERE id = …`.
 */
export class CreateOutboxMessages1790000000000 implements MigrationInterface {
  readonly name = 'CreateOutboxMessages1790000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`outbox_messages\` (
        \`id\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        \`event_id\` CHAR(36) NOT NULL,
        \`topic\` VARCHAR(255) NOT NULL,
        \`message_key\` VARCHAR(255) NOT NULL,
        \`event_type\` VARCHAR(150) NOT NULL,
        \`payload\` LONGBLOB NOT NULL,
        \`properties\` TEXT NOT NULL,
        \`event_time\` BIGINT NULL,
        \`created_at\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        \`published_at\` DATETIME(3) NULL,
        \`failed_at\` DATETIME(3) NULL,
        \`attempts\` INT UNSIGNED NOT NULL DEFAULT 0,
        \`last_error\` TEXT NULL,
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`UQ_outbox_messages_event_id\` (\`event_id\`),
        INDEX \`IDX_outbox_messages_published_at_id\` (\`published_at\`, \`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `outbox_messages`');
  }
}
