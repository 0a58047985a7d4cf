import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data repair for the rule "a reversal gives the commission's budget back at once, whatever its state" (README,
 * Budget). Before it, two kinds of REVERTIDA commissions kept their budget consumed: those reverted after they were
 * paid (they have a negative adjustment pointing at them), and those reverted while a still-open payout held them
 * (that payout would have given it back on failure; now nothing does). Their campaigns get it back here, once, as the
 * rule would have done. Nothing is published: giving budget back raises no event.
 */
export class DevolverPresupuestoRevertidas1791000000100 implements MigrationInterface {
  readonly name = 'DevolverPresupuestoRevertidas1791000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE \`campanas\` c
      JOIN (
        SELECT k.\`campana_id\`, SUM(k.\`monto\`) AS \`devolver\`
        FROM \`comisiones\` k
        WHERE k.\`estado\` = 'REVERTIDA' AND k.\`tipo\` <> 'AJUSTE' AND k.\`campana_id\` IS NOT NULL AND k.\`monto\` > 0
          AND (
            EXISTS (SELECT 1 FROM \`comisiones\` a WHERE a.\`comision_origen_id\` = k.\`id\`)
            OR EXISTS (SELECT 1 FROM \`pagos\` p WHERE p.\`id\` = k.\`pago_id\` AND p.\`estado\` IN ('PROGRAMADO', 'EN_PROCESO'))
          )
        GROUP BY k.\`campana_id\`
      ) d ON d.\`campana_id\` = c.\`id\`
      SET c.\`presupuesto_disponible\` = LEAST(c.\`presupuesto\`, c.\`presupuesto_disponible\` + d.\`devolver\`),
          c.\`version\` = c.\`version\` + 1
    `);
  }

  async down(): Promise<void> {
    // A data repair: the budgets it gave back are indistinguishable from later movements, so there is nothing to undo.
  }
}
