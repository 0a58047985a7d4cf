import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import { LECTURAS_REPOSITORY, type LecturasRepository } from '../../../domain/estadisticas/lecturas.repository.port';
import { ConversionNoEncontradaError } from '../../../domain/estadisticas/tracking.errors';
import type { ConversionProyectada } from '../../../domain/proyeccion/conversion-proyectada.entity';
import { ObtenerConversionQuery } from './obtener-conversion.query';

@Injectable()
export class ObtenerConversionHandler implements IQueryHandler<ObtenerConversionQuery, ConversionProyectada> {
  constructor(@Inject(LECTURAS_REPOSITORY) private readonly lecturas: LecturasRepository) {}

  async execute(query: ObtenerConversionQuery): Promise<ConversionProyectada> {
    const conversion = await this.lecturas.conversion(query.id);
    if (!conversion) throw new ConversionNoEncontradaError(query.id);
    return conversion;
  }
}
