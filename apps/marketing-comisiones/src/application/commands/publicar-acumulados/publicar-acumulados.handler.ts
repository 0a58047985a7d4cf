import { Inject, Injectable } from '@nestjs/common';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';

export const LOTE_PUBLICACION_ACUMULADOS = 500;

/**
 * Publishes the running totals of the CPC/CPM accruals that changed since their last ComisionCalculada: one event
 * per changed accrual per round (never one per impression). Rows another transaction holds are skipped and picked
 * up by the next round. Returns how many were published.
 */
@Injectable()
export class PublicarAcumuladosHandler {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(limite = LOTE_PUBLICACION_ACUMULADOS): Promise<number> {
    return this.uow.run(async (tx) => {
      const acumulados = await this.comisiones.findAcumuladosPorPublicar(tx, limite);
      const ahora = this.reloj.ahora();
      const publicados = acumulados.filter((a) => a.publicarAcumulado(ahora));
      await this.comisiones.guardar(tx, publicados);
      return publicados.length;
    });
  }
}
