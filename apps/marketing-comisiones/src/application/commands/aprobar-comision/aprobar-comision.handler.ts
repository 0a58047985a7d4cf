import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { ComisionErrors } from '../../../domain/comision/comision.errors';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { AprobarComisionCommand } from './aprobar-comision.command';

@Injectable()
export class AprobarComisionHandler implements ICommandHandler<AprobarComisionCommand, Comision> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: AprobarComisionCommand): Promise<Comision> {
    return this.uow.run(async (tx) => {
      const comision = await this.comisiones.findByIdParaActualizar(tx, command.comisionId);
      if (!comision) throw ComisionErrors.noEncontrada(command.comisionId);
      comision.aprobar(this.reloj.ahora(), { correlationId: command.correlationId });
      await this.comisiones.guardar(tx, [comision]);
      await this.auditoria.registrar(tx, { accion: 'APROBAR_COMISION', recurso: 'comision', recursoId: comision.id, correlationId: command.correlationId });
      return comision;
    });
  }
}
