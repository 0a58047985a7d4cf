import type { MigrationInterface, QueryRunner } from 'typeorm';

const EXT_ID = 'VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

/**
 * Issue 10:
 *  - `reversiones_aceptadas`: one row per conversion whose revert was accepted over HTTP (primary key = the
 *    conversion): the database, not a check in memory, decides which of many concurrent reverts is the one accepted.
 *  - `afiliados_estados` / `campanas_estados`: every state change of the projected affiliates and campaigns with the
 *    time it happened in its own service (`desde`, the event's `occurred_at`), so that a conversion is judged by the
 *    state at its own time, not at the time it is processed. Rows already projected get one change at time 0 (their
 *    state is taken as having held forever: nothing already accepted is refused after the upgrade).
 */
export class EndurecerConversiones1790000200001 implements MigrationInterface {
  readonly name = 'EndurecerConversiones1790000200001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE \`reversiones_aceptadas\` (
      \`conversion_id\` VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      \`lote\` CHAR(36) CHARACTER SET ascii NOT NULL,
      \`aceptada_en\` BIGINT NOT NULL,
      PRIMARY KEY (\`conversion_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    for (const [tabla, columna] of [
      ['afiliados_estados', 'afiliado_id'],
      ['campanas_estados', 'campana_id'],
    ]) {
      await queryRunner.query(`CREATE TABLE \`${tabla}\` (
        \`orden\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        \`${columna}\` ${EXT_ID} NOT NULL,
        \`desde\` BIGINT NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        PRIMARY KEY (\`orden\`),
        INDEX \`IDX_${tabla}_id\` (\`${columna}\`, \`desde\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`);
    }
    await queryRunner.query('INSERT INTO `afiliados_estados` (`afiliado_id`, `desde`, `estado`) SELECT `id`, 0, `estado` FROM `afiliados_proyeccion`');
    await queryRunner.query('INSERT INTO `campanas_estados` (`campana_id`, `desde`, `estado`) SELECT `id`, 0, `estado` FROM `campanas_proyeccion`');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const tabla of ['campanas_estados', 'afiliados_estados', 'reversiones_aceptadas']) await queryRunner.query(`DROP TABLE \`${tabla}\``);
  }
}
