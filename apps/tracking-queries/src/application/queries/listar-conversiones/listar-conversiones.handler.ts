import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import { LECTURAS_REPOSITORY, type LecturasRepository } from '../../../domain/estadisticas/lecturas.repository.port';
import { AmbitoNoEncontradoError } from '../../../domain/estadisticas/tracking.errors';
import type { ConversionProyectada } from '../../../domain/proyeccion/conversion-proyectada.entity';
import { ListarConversionesQuery } from './listar-conversiones.query';

@Injectable()
export class ListarConversionesHandler implements IQueryHandler<ListarConversionesQuery, Paginated<ConversionProyectada>> {
  constructor(@Inject(LECTURAS_REPOSITORY) private readonly lecturas: LecturasRepository) {}

  async execute(query: ListarConversionesQuery): Promise<Paginated<ConversionProyectada>> {
    if (!(await this.lecturas.existe(query.ambito, query.id))) throw new AmbitoNoEncontradoError(query.ambito, query.id);
    return this.lecturas.conversionesDe(query.ambito, query.id, query.page, query.estado);
  }
}
