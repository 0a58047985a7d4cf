import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { ComisionErrors } from '../../../domain/comision/comision.errors';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { RechazarComisionCommand } from './rechazar-comision.command';

/** PENDIENTE → RECHAZADA; the budget it consumed goes back to its campaign in the same transaction. */
@Injectable()
export class RechazarComisionHandler implements ICommandHandler<RechazarComisionCommand, Comision> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: RechazarComisionCommand): Promise<Comision> {
    return this.uow.run(async (tx) => {
      // Lock order campaign → commission (as the consumers do): read the campaign id first without a lock (on the
      // transaction's connection).
      const vista = await this.comisiones.findById(command.comisionId, tx);
      if (!vista) throw ComisionErrors.noEncontrada(command.comisionId);
      const campana = vista.campanaId ? await this.campanas.findByIdParaActualizar(tx, vista.campanaId) : null;
      const comision = await this.comisiones.findByIdParaActualizar(tx, command.comisionId);
      if (!comision) throw ComisionErrors.noEncontrada(command.comisionId);
      const ahora = this.reloj.ahora();
      const devolver = comision.rechazar(command.motivo, ahora, { correlationId: command.correlationId });
      await this.comisiones.guardar(tx, [comision]);
      if (campana && devolver.isPositive()) {
        campana.devolverPresupuesto(devolver, ahora);
        await this.campanas.guardar(tx, campana);
      }
      await this.auditoria.registrar(tx, {
        accion: 'RECHAZAR_COMISION',
        recurso: 'comision',
        recursoId: comision.id,
        detalle: command.motivo,
        correlationId: command.correlationId,
      });
      return comision;
    });
  }
}
