import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * monitoreo's tables.
 * - `registro_eventos`: the event log, one row per event id and source topic (`uq_registro_eventos_event_topic`: a
 *   redelivered or resent event is never counted twice). Outside systems may supply their own `event_id`, so the key
 *   is scoped by topic (a click and a sale sharing an order id are two events) and `event_id` compares byte for byte
 *   (`utf8mb4_bin`: `Ab-1` and `ab-1` are two ids). Insert order is the clustered key (`seq`), so the high-volume
 *   inserts append.
 *   `idx_registro_eventos_tiempo` covers the metrics' counts and series (range on occurred_at); `…_categoria` covers
 *   the sale values and percentiles; the others serve the /events filters newest first.
 * - `rechazos_externos`: one row per outside-system message sent to the DLQ (keyed by the message), counted per topic
 *   and reason.
 * - `auditoria`: the audit trail (`AccionRegistrada`).
 * - `reglas_alerta` / `alertas`: rule configuration and alerts. `uq_alertas_regla_activa` holds the rule's id only
 *   while the alert is ACTIVA (NULL once resolved; NULLs never collide), so a rule has at most one active alert even
 *   when two replicas evaluate at once.
 */
export class CreateMonitoreo1790000500000 implements MigrationInterface {
  readonly name = 'CreateMonitoreo1790000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`registro_eventos\` (
        \`seq\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        \`event_id\` VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        \`event_type\` VARCHAR(100) NOT NULL,
        \`category\` VARCHAR(20) NOT NULL,
        \`user_id\` VARCHAR(200) NULL,
        \`campaign_id\` VARCHAR(100) NULL,
        \`affiliate_id\` VARCHAR(100) NULL,
        \`value\` DECIMAL(19,4) NULL,
        \`currency\` CHAR(3) NULL,
        \`conversion_type\` VARCHAR(50) NULL,
        \`occurred_at\` DATETIME(3) NOT NULL,
        \`source_topic\` VARCHAR(50) NOT NULL,
        \`producer\` VARCHAR(100) NULL,
        \`received_at\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`seq\`),
        UNIQUE INDEX \`uq_registro_eventos_event_topic\` (\`event_id\`, \`source_topic\`),
        INDEX \`idx_registro_eventos_tiempo\` (\`occurred_at\`, \`received_at\`, \`category\`, \`event_type\`),
        INDEX \`idx_registro_eventos_categoria\` (\`category\`, \`occurred_at\`, \`currency\`, \`value\`),
        INDEX \`idx_registro_eventos_tipo\` (\`event_type\`, \`occurred_at\`),
        INDEX \`idx_registro_eventos_usuario\` (\`user_id\`, \`occurred_at\`),
        INDEX \`idx_registro_eventos_campana\` (\`campaign_id\`, \`occurred_at\`),
        INDEX \`idx_registro_eventos_afiliado\` (\`affiliate_id\`, \`occurred_at\`),
        CONSTRAINT \`chk_registro_eventos_category\` CHECK (\`category\` IN ('impression', 'click', 'conversion', 'sale', 'other'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE \`rechazos_externos\` (
        \`id\` CHAR(36) NOT NULL,
        \`source_topic\` VARCHAR(50) NOT NULL,
        \`motivo\` VARCHAR(100) NOT NULL,
        \`detalle\` VARCHAR(500) NOT NULL,
        \`recibido_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`idx_rechazos_externos_topic_motivo\` (\`source_topic\`, \`motivo\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE \`auditoria\` (
        \`event_id\` VARCHAR(100) NOT NULL,
        \`servicio\` VARCHAR(50) NOT NULL,
        \`accion\` VARCHAR(100) NOT NULL,
        \`recurso\` VARCHAR(100) NOT NULL,
        \`recurso_id\` VARCHAR(100) NOT NULL,
        \`actor\` VARCHAR(200) NOT NULL,
        \`resultado\` VARCHAR(20) NOT NULL,
        \`detalle\` VARCHAR(1000) NULL,
        \`at\` DATETIME(3) NOT NULL,
        \`correlation_id\` VARCHAR(100) NULL,
        \`recibido_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`event_id\`),
        INDEX \`idx_auditoria_at\` (\`at\`),
        INDEX \`idx_auditoria_servicio_at\` (\`servicio\`, \`at\`),
        INDEX \`idx_auditoria_recurso_at\` (\`recurso\`, \`recurso_id\`, \`at\`),
        INDEX \`idx_auditoria_accion_at\` (\`accion\`, \`at\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE \`reglas_alerta\` (
        \`id\` VARCHAR(50) NOT NULL,
        \`umbral\` DECIMAL(9,4) NOT NULL,
        \`periodo\` VARCHAR(3) NOT NULL,
        \`minimo_clicks\` INT UNSIGNED NOT NULL,
        \`activa\` TINYINT NOT NULL,
        \`actualizada_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`id\`),
        CONSTRAINT \`chk_reglas_alerta_periodo\` CHECK (\`periodo\` IN ('1h', '24h', '7d'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
    await queryRunner.query(`
      CREATE TABLE \`alertas\` (
        \`id\` CHAR(36) NOT NULL,
        \`regla\` VARCHAR(50) NOT NULL,
        \`valor\` DECIMAL(19,4) NOT NULL,
        \`umbral\` DECIMAL(9,4) NOT NULL,
        \`periodo\` VARCHAR(3) NOT NULL,
        \`clicks\` BIGINT UNSIGNED NOT NULL,
        \`conversiones\` BIGINT UNSIGNED NOT NULL,
        \`estado\` VARCHAR(10) NOT NULL,
        \`disparada_en\` DATETIME(3) NOT NULL,
        \`resuelta_en\` DATETIME(3) NULL,
        \`valor_resolucion\` DECIMAL(19,4) NULL,
        \`regla_activa\` VARCHAR(50) NULL,
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_alertas_regla_activa\` (\`regla_activa\`),
        INDEX \`idx_alertas_disparada\` (\`disparada_en\`),
        INDEX \`idx_alertas_estado_disparada\` (\`estado\`, \`disparada_en\`),
        CONSTRAINT \`chk_alertas_estado\` CHECK (\`estado\` IN ('ACTIVA', 'RESUELTA')),
        CONSTRAINT \`chk_alertas_activa\` CHECK ((\`estado\` = 'ACTIVA') = (\`regla_activa\` IS NOT NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const tabla of ['alertas', 'reglas_alerta', 'auditoria', 'rechazos_externos', 'registro_eventos']) {
      await queryRunner.query(`DROP TABLE \`${tabla}\``);
    }
  }
}
