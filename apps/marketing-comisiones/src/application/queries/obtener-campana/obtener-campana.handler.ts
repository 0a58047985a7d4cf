import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import type { ObtenerCampanaQuery } from './obtener-campana.query';

@Injectable()
export class ObtenerCampanaHandler implements IQueryHandler<ObtenerCampanaQuery, Campana> {
  constructor(@Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository) {}

  async execute(query: ObtenerCampanaQuery): Promise<Campana> {
    const campana = await this.campanas.findById(query.campanaId);
    if (!campana) throw CampanaErrors.noEncontrada(query.campanaId);
    return campana;
  }
}
