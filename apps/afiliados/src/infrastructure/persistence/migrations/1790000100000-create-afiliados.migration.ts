import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The afiliados table. `uq_afiliados_email` is what makes "one afiliado per email" hold under concurrent
 * registrations (the repository maps its duplicate-key error to AFILIADO.EMAIL_DUPLICADO); the CHECKs keep rows
 * inside the domain's vocabulary even if someone writes SQL by hand. Lists are served newest first, per filter.
 */
export class CreateAfiliados1790000100000 implements MigrationInterface {
  readonly name = 'CreateAfiliados1790000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE \`afiliados\` (
        \`id\` CHAR(36) NOT NULL,
        \`nombre\` VARCHAR(200) NOT NULL,
        \`email\` VARCHAR(254) NOT NULL,
        \`tipo_afiliado\` VARCHAR(20) NOT NULL,
        \`estado\` VARCHAR(20) NOT NULL,
        \`comision_base\` DECIMAL(7,4) NOT NULL,
        \`comision_premium\` DECIMAL(7,4) NULL,
        \`pais\` CHAR(2) NULL,
        \`redes_sociales\` JSON NOT NULL,
        \`motivo_suspension\` VARCHAR(500) NULL,
        \`huella_registro\` CHAR(64) NOT NULL,
        \`creado_en\` DATETIME(3) NOT NULL,
        \`actualizado_en\` DATETIME(3) NOT NULL,
        \`version\` INT UNSIGNED NOT NULL,
        PRIMARY KEY (\`id\`),
        UNIQUE INDEX \`uq_afiliados_email\` (\`email\`),
        INDEX \`idx_afiliados_estado_creado\` (\`estado\`, \`creado_en\`),
        INDEX \`idx_afiliados_tipo_creado\` (\`tipo_afiliado\`, \`creado_en\`),
        INDEX \`idx_afiliados_creado\` (\`creado_en\`),
        CONSTRAINT \`chk_afiliados_estado\` CHECK (\`estado\` IN ('PENDIENTE', 'ACTIVO', 'SUSPENDIDO')),
        CONSTRAINT \`chk_afiliados_tipo\` CHECK (\`tipo_afiliado\` IN ('basico', 'premium', 'influencer')),
        CONSTRAINT \`chk_afiliados_comision_base\` CHECK (\`comision_base\` BETWEEN 0 AND 100),
        CONSTRAINT \`chk_afiliados_comision_premium\` CHECK (\`comision_premium\` IS NULL OR \`comision_premium\` BETWEEN 0 AND 100)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `afiliados`');
  }
}
