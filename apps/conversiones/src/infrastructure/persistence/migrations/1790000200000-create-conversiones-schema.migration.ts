import type { MigrationInterface, QueryRunner } from 'typeorm';

// Ids this service creates (impressions, clicks, conversions) are ASCII (the HTTP layer validates them): binary
// ASCII keys are compact and compare fast. Ids of other contexts (campaigns, affiliates), users, IPs and references
// compare exactly too (binary collation), as they do in the service's code: `USR-1` and `usr-1` are two users.
const ID = 'VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin';
const EXT_ID = 'VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const TEXT_BIN = (n: number) => `VARCHAR(${n}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`;

/**
 * The conversiones schema:
 *  - `event_store`: append-only; the global `sequence`, one stream per aggregate (`aggregate_id`, `version`; the
 *    UNIQUE pair is the optimistic-concurrency check), the Avro payload of the event (`schema_version` says which
 *    schema wrote it), `marca` for events kept out of the outbox (flood clicks).
 *  - lookup tables of the processor: `clicks` (attribution, last click per user), `click_contadores` (clicks per IP,
 *    campaign and minute), `referencias_externas` (one validated conversion per reference and campaign),
 *    `conversiones_pendientes` (conversions waiting for their click), `fraude_contadores`.
 *  - `conversiones_aceptadas`: conversions accepted over HTTP (client id → fingerprint, for idempotent retries and
 *    409 on reuse; GET answers REGISTRADA from it before the processor has run).
 *  - projections of the other contexts: `afiliados_proyeccion`, `campanas_proyeccion`, `campana_afiliados`.
 */
export class CreateConversionesSchema1790000200000 implements MigrationInterface {
  readonly name = 'CreateConversionesSchema1790000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const tables = [
      `CREATE TABLE \`event_store\` (
        \`sequence\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        \`event_id\` CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        \`aggregate_id\` ${ID} NOT NULL,
        \`aggregate_type\` VARCHAR(32) CHARACTER SET ascii NOT NULL,
        \`version\` INT UNSIGNED NOT NULL,
        \`event_type\` VARCHAR(64) CHARACTER SET ascii NOT NULL,
        \`schema_version\` SMALLINT UNSIGNED NOT NULL,
        \`payload\` BLOB NOT NULL,
        \`occurred_at\` BIGINT NOT NULL,
        \`correlation_id\` VARCHAR(128) NULL,
        \`causation_id\` CHAR(36) CHARACTER SET ascii NULL,
        \`marca\` VARCHAR(32) CHARACTER SET ascii NULL,
        PRIMARY KEY (\`sequence\`),
        UNIQUE INDEX \`UQ_event_store_aggregate_version\` (\`aggregate_id\`, \`version\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`clicks\` (
        \`id\` ${ID} NOT NULL,
        \`campana_id\` ${EXT_ID} NOT NULL,
        \`afiliado_id\` ${EXT_ID} NOT NULL,
        \`usuario_id\` ${TEXT_BIN(128)} NULL,
        \`ip_address\` ${TEXT_BIN(45)} NULL,
        \`ts\` BIGINT NOT NULL,
        \`fraude\` TINYINT(1) NOT NULL DEFAULT 0,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_clicks_campana_usuario_ts\` (\`campana_id\`, \`usuario_id\`, \`ts\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`click_contadores\` (
        \`campana_id\` ${EXT_ID} NOT NULL,
        \`ip_address\` ${TEXT_BIN(45)} NOT NULL,
        \`minuto\` BIGINT NOT NULL,
        \`total\` INT UNSIGNED NOT NULL,
        PRIMARY KEY (\`campana_id\`, \`ip_address\`, \`minuto\`),
        INDEX \`IDX_click_contadores_minuto\` (\`minuto\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`fraude_contadores\` (
        \`campana_id\` ${EXT_ID} NOT NULL,
        \`clicks_marcados\` BIGINT UNSIGNED NOT NULL DEFAULT 0,
        \`conversiones_rechazadas\` BIGINT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (\`campana_id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`referencias_externas\` (
        \`campana_id\` ${EXT_ID} NOT NULL,
        \`referencia_externa\` ${TEXT_BIN(128)} NOT NULL,
        \`conversion_id\` ${ID} NOT NULL,
        PRIMARY KEY (\`campana_id\`, \`referencia_externa\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`conversiones_pendientes\` (
        \`conversion_id\` ${ID} NOT NULL,
        \`click_id\` ${ID} NOT NULL,
        \`recibida_en\` BIGINT NOT NULL,
        \`correlation_id\` VARCHAR(128) NULL,
        PRIMARY KEY (\`conversion_id\`),
        INDEX \`IDX_conversiones_pendientes_click\` (\`click_id\`),
        INDEX \`IDX_conversiones_pendientes_recibida\` (\`recibida_en\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`conversiones_aceptadas\` (
        \`id\` ${ID} NOT NULL,
        \`huella\` CHAR(64) CHARACTER SET ascii NOT NULL,
        \`lote\` CHAR(36) CHARACTER SET ascii NOT NULL,
        \`comando\` TEXT NOT NULL,
        \`aceptada_en\` BIGINT NOT NULL,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`afiliados_proyeccion\` (
        \`id\` ${EXT_ID} NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`actualizado_en\` BIGINT NOT NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_afiliados_proyeccion_actualizado\` (\`actualizado_en\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`campanas_proyeccion\` (
        \`id\` ${EXT_ID} NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`moneda\` CHAR(3) NOT NULL,
        \`ventana_atribucion_dias\` INT UNSIGNED NOT NULL,
        \`fecha_inicio\` BIGINT NULL,
        \`fecha_fin\` BIGINT NULL,
        \`actualizado_en\` BIGINT NOT NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_campanas_proyeccion_actualizado\` (\`actualizado_en\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE \`campana_afiliados\` (
        \`campana_id\` ${EXT_ID} NOT NULL,
        \`afiliado_id\` ${EXT_ID} NOT NULL,
        PRIMARY KEY (\`campana_id\`, \`afiliado_id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ];
    for (const sql of tables) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'campana_afiliados',
      'campanas_proyeccion',
      'afiliados_proyeccion',
      'conversiones_aceptadas',
      'conversiones_pendientes',
      'referencias_externas',
      'fraude_contadores',
      'click_contadores',
      'clicks',
      'event_store',
    ]) {
      await queryRunner.query(`DROP TABLE \`${table}\``);
    }
  }
}
