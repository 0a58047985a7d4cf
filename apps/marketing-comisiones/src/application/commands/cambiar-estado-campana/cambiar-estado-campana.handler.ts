import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { CambiarEstadoCampanaCommand } from './cambiar-estado-campana.command';

/** activar | pausar | finalizar. The row is locked, so a budget exhaustion in flight never races a manual change. */
@Injectable()
export class CambiarEstadoCampanaHandler implements ICommandHandler<CambiarEstadoCampanaCommand, Campana> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: CambiarEstadoCampanaCommand): Promise<Campana> {
    return this.uow.run(async (tx) => {
      const campana = await this.campanas.findByIdParaActualizar(tx, command.campanaId);
      if (!campana) throw CampanaErrors.noEncontrada(command.campanaId);
      const ahora = this.reloj.ahora();
      const traza = { correlationId: command.correlationId };
      if (command.accion === 'activar') campana.activar(ahora, traza);
      else if (command.accion === 'pausar') campana.pausar(command.motivo, ahora, traza);
      else campana.finalizar(ahora, traza);
      await this.campanas.guardar(tx, campana);
      await this.auditoria.registrar(tx, {
        accion: `${command.accion.toUpperCase()}_CAMPANA`,
        recurso: 'campana',
        recursoId: campana.id,
        detalle: command.motivo ?? undefined,
        correlationId: command.correlationId,
      });
      return campana;
    });
  }
}
