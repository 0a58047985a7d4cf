import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { RetirarAfiliadoCommand } from './retirar-afiliado.command';

@Injectable()
export class RetirarAfiliadoHandler implements ICommandHandler<RetirarAfiliadoCommand, Campana> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: RetirarAfiliadoCommand): Promise<Campana> {
    return this.uow.run(async (tx) => {
      const campana = await this.campanas.findByIdParaActualizar(tx, command.campanaId);
      if (!campana) throw CampanaErrors.noEncontrada(command.campanaId);
      campana.retirarAfiliado(command.afiliadoId, this.reloj.ahora(), { correlationId: command.correlationId });
      await this.campanas.guardar(tx, campana);
      await this.auditoria.registrar(tx, {
        accion: 'RETIRAR_AFILIADO',
        recurso: 'campana',
        recursoId: campana.id,
        detalle: `afiliado_id=${command.afiliadoId}`,
        correlationId: command.correlationId,
      });
      return campana;
    });
  }
}
