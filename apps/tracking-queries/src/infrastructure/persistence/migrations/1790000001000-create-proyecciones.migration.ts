import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ids are case-sensitive and compared byte for byte. */
const ID = 'VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';
const MONEY = 'DECIMAL(19,4)';

function tablasDeConjunto(s: 'a' | 'b'): string[] {
  return [
    `CREATE TABLE \`impresiones_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`campana_id\` ${ID} NOT NULL,
      \`afiliado_id\` ${ID} NOT NULL,
      \`usuario_id\` VARCHAR(200) NULL,
      \`user_agent\` VARCHAR(512) NULL,
      \`ip_address\` VARCHAR(64) NULL,
      \`referrer\` VARCHAR(1024) NULL,
      \`registrada_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      INDEX \`IDX_impresiones_${s}_campana\` (\`campana_id\`, \`registrada_en\`, \`id\`),
      INDEX \`IDX_impresiones_${s}_afiliado\` (\`afiliado_id\`, \`registrada_en\`, \`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    `CREATE TABLE \`clicks_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`campana_id\` ${ID} NOT NULL,
      \`afiliado_id\` ${ID} NOT NULL,
      \`usuario_id\` VARCHAR(200) NULL,
      \`registrado_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    `CREATE TABLE \`conversiones_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`estado\` VARCHAR(12) NOT NULL,
      \`campana_id\` ${ID} NULL,
      \`afiliado_id\` ${ID} NULL,
      \`click_id\` ${ID} NULL,
      \`tipo_conversion\` VARCHAR(50) NOT NULL,
      \`valor\` ${MONEY} NOT NULL,
      \`moneda\` CHAR(3) NOT NULL,
      \`referencia_externa\` VARCHAR(200) NULL,
      \`usuario_id\` VARCHAR(200) NULL,
      \`motivo_rechazo\` VARCHAR(100) NULL,
      \`detalle_rechazo\` VARCHAR(1000) NULL,
      \`motivo_reversion\` VARCHAR(1000) NULL,
      \`registrada_en\` DATETIME(3) NOT NULL,
      \`actualizada_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`),
      INDEX \`IDX_conversiones_${s}_campana\` (\`campana_id\`, \`registrada_en\`, \`id\`),
      INDEX \`IDX_conversiones_${s}_afiliado\` (\`afiliado_id\`, \`registrada_en\`, \`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    `CREATE TABLE \`comisiones_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`conversion_id\` ${ID} NULL,
      \`campana_id\` ${ID} NOT NULL,
      \`afiliado_id\` ${ID} NOT NULL,
      \`modelo\` VARCHAR(10) NULL,
      \`monto\` ${MONEY} NOT NULL,
      \`moneda\` CHAR(3) NOT NULL,
      \`periodo\` VARCHAR(10) NULL,
      \`estado\` VARCHAR(12) NOT NULL,
      \`motivo\` VARCHAR(1000) NULL,
      \`actualizada_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    `CREATE TABLE \`campanas_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`nombre\` VARCHAR(200) NULL,
      \`moneda\` CHAR(3) NULL,
      \`estado\` VARCHAR(12) NOT NULL,
      \`presupuesto_agotado\` TINYINT(1) NOT NULL DEFAULT 0,
      \`actualizada_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    `CREATE TABLE \`afiliados_${s}\` (
      \`id\` ${ID} NOT NULL,
      \`nombre\` VARCHAR(200) NULL,
      \`tipo_afiliado\` VARCHAR(50) NULL,
      \`estado\` VARCHAR(12) NOT NULL,
      \`actualizado_en\` DATETIME(3) NOT NULL,
      PRIMARY KEY (\`id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    // Counters of a campaign ('campana') or an affiliate ('afiliado'), incremented once per batch.
    `CREATE TABLE \`estadisticas_${s}\` (
      \`ambito\` VARCHAR(10) NOT NULL,
      \`ref_id\` ${ID} NOT NULL,
      \`impresiones\` BIGINT NOT NULL DEFAULT 0,
      \`clicks\` BIGINT NOT NULL DEFAULT 0,
      \`conversiones\` BIGINT NOT NULL DEFAULT 0,
      \`conversiones_rechazadas\` BIGINT NOT NULL DEFAULT 0,
      \`conversiones_revertidas\` BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (\`ambito\`, \`ref_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    // Exact sums per currency.
    `CREATE TABLE \`estadisticas_importes_${s}\` (
      \`ambito\` VARCHAR(10) NOT NULL,
      \`ref_id\` ${ID} NOT NULL,
      \`moneda\` CHAR(3) NOT NULL,
      \`ventas_total\` ${MONEY} NOT NULL DEFAULT 0,
      \`comisiones_total\` ${MONEY} NOT NULL DEFAULT 0,
      \`comisiones_aprobadas\` ${MONEY} NOT NULL DEFAULT 0,
      \`comisiones_pagadas\` ${MONEY} NOT NULL DEFAULT 0,
      PRIMARY KEY (\`ambito\`, \`ref_id\`, \`moneda\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    // Every event a rebuild applied to this set (its inbox while it is rebuilt; checked by the live consumers once it
    // is active). Declared like inbox_messages (same charset, so event ids join on the index).
    `CREATE TABLE \`eventos_aplicados_${s}\` (
      \`event_id\` CHAR(36) NOT NULL,
      \`event_type\` VARCHAR(150) NOT NULL,
      PRIMARY KEY (\`event_id\`)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
  ];
}

/**
 * The read models, twice (sets `a` and `b`, see `ConjuntoTablas`), the pointer to the active set and the rebuild
 * requests.
 */
export class CreateProyecciones1790000001000 implements MigrationInterface {
  readonly name = 'CreateProyecciones1790000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of [...tablasDeConjunto('a'), ...tablasDeConjunto('b')]) await queryRunner.query(sql);
    await queryRunner.query(`
      CREATE TABLE \`proyeccion_control\` (
        \`id\` TINYINT UNSIGNED NOT NULL,
        \`conjunto_activo\` CHAR(1) NOT NULL,
        \`reconstruccion_id\` CHAR(36) NULL,
        \`conmutado_en\` DATETIME(3) NULL,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
    await queryRunner.query("INSERT INTO `proyeccion_control` (`id`, `conjunto_activo`) VALUES (1, 'a')");
    await queryRunner.query(`
      CREATE TABLE \`reconstrucciones\` (
        \`id\` CHAR(36) NOT NULL,
        \`estado\` VARCHAR(12) NOT NULL,
        \`fase\` VARCHAR(15) NOT NULL,
        \`destino\` CHAR(1) NOT NULL,
        \`origen\` CHAR(1) NOT NULL,
        \`instancia\` VARCHAR(200) NOT NULL,
        \`solicitada_en\` DATETIME(3) NOT NULL,
        \`latido_en\` DATETIME(3) NOT NULL,
        \`terminada_en\` DATETIME(3) NULL,
        \`eventos_aplicados\` BIGINT NOT NULL DEFAULT 0,
        \`eventos_omitidos\` BIGINT NOT NULL DEFAULT 0,
        \`error\` VARCHAR(1000) NULL,
        \`version\` INT NOT NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_reconstrucciones_estado\` (\`estado\`),
        INDEX \`IDX_reconstrucciones_solicitada_en\` (\`solicitada_en\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `reconstrucciones`');
    await queryRunner.query('DROP TABLE `proyeccion_control`');
    for (const s of ['a', 'b']) {
      for (const t of ['eventos_aplicados', 'estadisticas_importes', 'estadisticas', 'afiliados', 'campanas', 'comisiones', 'conversiones', 'clicks', 'impresiones']) {
        await queryRunner.query(`DROP TABLE \`${t}_${s}\``);
      }
    }
  }
}
