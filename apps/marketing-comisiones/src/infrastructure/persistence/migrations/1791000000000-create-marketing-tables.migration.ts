import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * marketing-comisiones tables. Money is DECIMAL(18,4) (percentages DECIMAL(9,4)) and read back as strings; the
 * CHECK constraints are the last line of defence of the money rules the domain already enforces: a campaign budget
 * never below 0 nor above its total, only adjustments negative.
 */
export class CreateMarketingTables1791000000000 implements MigrationInterface {
  readonly name = 'CreateMarketingTables1791000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`afiliados_proyeccion\` (
        \`id\` VARCHAR(100) NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`tipo_afiliado\` VARCHAR(20) NOT NULL,
        \`comision_base\` DECIMAL(9,4) NOT NULL,
        \`comision_premium\` DECIMAL(9,4) NULL,
        \`actualizado_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
    await queryRunner.query(`
      CREATE TABLE \`campanas\` (
        \`id\` VARCHAR(64) NOT NULL,
        \`nombre\` VARCHAR(200) NOT NULL,
        \`producto\` VARCHAR(200) NOT NULL,
        \`marca\` VARCHAR(200) NOT NULL,
        \`presupuesto\` DECIMAL(18,4) NOT NULL,
        \`presupuesto_disponible\` DECIMAL(18,4) NOT NULL,
        \`moneda\` CHAR(3) NOT NULL,
        \`fecha_inicio\` DATETIME(3) NULL,
        \`fecha_fin\` DATETIME(3) NULL,
        \`ventana_atribucion_dias\` SMALLINT UNSIGNED NOT NULL,
        \`reglas_comision\` TEXT NOT NULL,
        \`afiliados_ids\` MEDIUMTEXT NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`huella_creacion\` CHAR(64) NOT NULL,
        \`version\` INT UNSIGNED NOT NULL,
        \`creado_en\` DATETIME(3) NOT NULL,
        \`actualizado_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_campanas_estado_creado\` (\`estado\`, \`creado_en\`),
        INDEX \`IDX_campanas_creado\` (\`creado_en\`),
        CONSTRAINT \`CHK_campanas_presupuesto\` CHECK (\`presupuesto\` > 0 AND \`presupuesto_disponible\` >= 0 AND \`presupuesto_disponible\` <= \`presupuesto\`)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
    await queryRunner.query(`
      CREATE TABLE \`comisiones\` (
        \`id\` CHAR(36) NOT NULL,
        \`tipo\` VARCHAR(12) NOT NULL,
        \`conversion_id\` VARCHAR(64) NULL,
        \`afiliado_id\` VARCHAR(100) NOT NULL,
        \`campana_id\` VARCHAR(100) NULL,
        \`modelo\` VARCHAR(3) NULL,
        \`base\` DECIMAL(18,4) NOT NULL,
        \`porcentaje\` DECIMAL(9,4) NULL,
        \`monto\` DECIMAL(18,4) NOT NULL,
        \`moneda\` CHAR(3) NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`motivo\` VARCHAR(500) NULL,
        \`periodo\` CHAR(10) NULL,
        \`cantidad\` BIGINT UNSIGNED NOT NULL DEFAULT 0,
        \`pago_id\` CHAR(36) NULL,
        \`comision_origen_id\` CHAR(36) NULL,
        \`publicacion_pendiente\` TINYINT(1) NOT NULL DEFAULT 0,
        \`valor_conversion\` DECIMAL(18,4) NULL,
        \`moneda_conversion\` CHAR(3) NULL,
        \`version\` INT UNSIGNED NOT NULL,
        \`creado_en\` DATETIME(3) NOT NULL,
        \`actualizado_en\` DATETIME(3) NOT NULL,
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`UQ_comisiones_conversion_id\` (\`conversion_id\`),
        UNIQUE INDEX \`UQ_comisiones_comision_origen_id\` (\`comision_origen_id\`),
        INDEX \`IDX_comisiones_afiliado_estado\` (\`afiliado_id\`, \`estado\`),
        INDEX \`IDX_comisiones_campana_estado\` (\`campana_id\`, \`estado\`),
        INDEX \`IDX_comisiones_estado\` (\`estado\`),
        INDEX \`IDX_comisiones_pago\` (\`pago_id\`),
        INDEX \`IDX_comisiones_publicacion\` (\`publicacion_pendiente\`),
        CONSTRAINT \`CHK_comisiones_monto\` CHECK (\`tipo\` = 'AJUSTE' OR \`monto\` >= 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
    await queryRunner.query(`
      CREATE TABLE \`pagos\` (
        \`id\` CHAR(36) NOT NULL,
        \`afiliado_id\` VARCHAR(100) NOT NULL,
        \`comision_ids\` MEDIUMTEXT NOT NULL,
        \`monto\` DECIMAL(18,4) NOT NULL,
        \`moneda\` CHAR(3) NOT NULL,
        \`estado\` VARCHAR(12) NOT NULL,
        \`motivo_fallo\` VARCHAR(500) NULL,
        \`referencia_proveedor\` VARCHAR(200) NULL,
        \`version\` INT UNSIGNED NOT NULL,
        \`creado_en\` DATETIME(3) NOT NULL,
        \`actualizado_en\` DATETIME(3) NOT NULL,
        \`ejecutado_en\` DATETIME(3) NULL,
        PRIMARY KEY (\`id\`),
        INDEX \`IDX_pagos_afiliado\` (\`afiliado_id\`, \`creado_en\`),
        INDEX \`IDX_pagos_creado\` (\`creado_en\`),
        CONSTRAINT \`CHK_pagos_monto\` CHECK (\`monto\` > 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const tabla of ['pagos', 'comisiones', 'campanas', 'afiliados_proyeccion']) await queryRunner.query(`DROP TABLE \`${tabla}\``);
  }
}
