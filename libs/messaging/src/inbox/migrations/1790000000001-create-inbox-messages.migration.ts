import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox (idempotent consumption) table. Apps list this class in their DataSource `migrations`. */
export class CreateInboxMessages1790000000001 implements MigrationInterface {
  readonly name = 'CreateInboxMessages1790000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`inbox_messages\` (
        \`subscription\` VARCHAR(200) NOT NULL,
        \`event_id\` CHAR(36) NOT NULL,
        \`event_type\` VARCHAR(150) NOT NULL,
        \`processed_at\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (\`subscription\`, \`event_id\`),
        INDEX \`IDX_inbox_messages_processed_at\` (\`processed_at\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `inbox_messages`');
  }
}
