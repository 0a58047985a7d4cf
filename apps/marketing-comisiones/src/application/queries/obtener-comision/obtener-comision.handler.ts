import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { ComisionErrors } from '../../../domain/comision/comision.errors';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import type { ObtenerComisionQuery } from './obtener-comision.query';

@Injectable()
export class ObtenerComisionHandler implements IQueryHandler<ObtenerComisionQuery, Comision> {
  constructor(@Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository) {}

  async execute(query: ObtenerComisionQuery): Promise<Comision> {
    const { criterio } = query;
    if ('comisionId' in criterio) {
      const comision = await this.comisiones.findById(criterio.comisionId);
      if (!comision) throw ComisionErrors.noEncontrada(criterio.comisionId);
      return comision;
    }
    const comision = await this.comisiones.findByConversionId(criterio.conversionId);
    if (!comision) throw ComisionErrors.noEncontradaPorConversion(criterio.conversionId);
    return comision;
  }
}
