import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { AFILIADOS_PROYECCION_REPOSITORY, type AfiliadosProyeccionRepository } from '../../../domain/afiliado/afiliado-proyeccion.repository.port';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { AsignarAfiliadoCommand } from './asignar-afiliado.command';

/** Assigning an affiliate that is already assigned is an idempotent success (200, no new event). */
@Injectable()
export class AsignarAfiliadoHandler implements ICommandHandler<AsignarAfiliadoCommand, { campana: Campana; asignado: boolean }> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AFILIADOS_PROYECCION_REPOSITORY) private readonly afiliados: AfiliadosProyeccionRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: AsignarAfiliadoCommand): Promise<{ campana: Campana; asignado: boolean }> {
    return this.uow.run(async (tx) => {
      const campana = await this.campanas.findByIdParaActualizar(tx, command.campanaId);
      if (!campana) throw CampanaErrors.noEncontrada(command.campanaId);
      const afiliado = await this.afiliados.findById(command.afiliadoId, tx);
      const asignado = campana.asignarAfiliado(command.afiliadoId, afiliado, this.reloj.ahora(), { correlationId: command.correlationId });
      // An idempotent repeat changes nothing: nothing to save, publish or audit.
      if (!asignado) return { campana, asignado };
      await this.campanas.guardar(tx, campana);
      await this.auditoria.registrar(tx, {
        accion: 'ASIGNAR_AFILIADO',
        recurso: 'campana',
        recursoId: campana.id,
        detalle: `afiliado_id=${command.afiliadoId}`,
        correlationId: command.correlationId,
      });
      return { campana, asignado };
    });
  }
}
