import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import { Pago } from '../../../domain/pago/pago.aggregate';
import { PAGO_REPOSITORY, type PagoRepository } from '../../../domain/pago/pago.repository.port';
import { assertMoneda } from '../../../domain/shared/moneda';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { CONFIGURACION_PAGOS, type ConfiguracionPagos } from '../../ports/configuracion-pagos.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { ProgramarPagoCommand } from './programar-pago.command';

/**
 * Gathers the affiliate's APROBADA commissions and pending adjustments of one currency into a PROGRAMADO payout.
 * They are read with row locks and reserved in the same transaction, so two concurrent requests never put the same
 * commission in two payouts (the second one finds nothing left: 422 PAGO.SIN_COMISIONES).
 */
@Injectable()
export class ProgramarPagoHandler implements ICommandHandler<ProgramarPagoCommand, Pago> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(PAGO_REPOSITORY) private readonly pagos: PagoRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(CONFIGURACION_PAGOS) private readonly configuracion: ConfiguracionPagos,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: ProgramarPagoCommand): Promise<Pago> {
    if (command.moneda !== null) assertMoneda(command.moneda);
    return this.uow.run(async (tx) => {
      const pagables = await this.comisiones.findPagablesParaActualizar(tx, command.afiliadoId);
      const pago = Pago.programar({
        id: randomUUID(),
        afiliadoId: command.afiliadoId,
        moneda: command.moneda,
        pagables,
        minimo: (moneda) => this.configuracion.minimo(moneda),
        ahora: this.reloj.ahora(),
        traza: { correlationId: command.correlationId },
      });
      await this.pagos.guardar(tx, pago);
      await this.comisiones.guardar(
        tx,
        pagables.filter((c) => c.pagoId === pago.id),
      );
      await this.auditoria.registrar(tx, {
        accion: 'PROGRAMAR_PAGO',
        recurso: 'pago',
        recursoId: pago.id,
        detalle: `afiliado_id=${command.afiliadoId} monto=${pago.monto.toFixed()} ${pago.monto.currency}`,
        correlationId: command.correlationId,
      });
      return pago;
    });
  }
}
