import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import { Estadisticas } from '../../../domain/estadisticas/estadisticas.value-object';
import { LECTURAS_REPOSITORY, type LecturasRepository } from '../../../domain/estadisticas/lecturas.repository.port';
import { AmbitoNoEncontradoError } from '../../../domain/estadisticas/tracking.errors';
import { ObtenerEstadisticasQuery } from './obtener-estadisticas.query';

/** Unknown campaign/affiliate (no event ever mentioned it) → 404; a known one with no activity → zeros. */
@Injectable()
export class ObtenerEstadisticasHandler implements IQueryHandler<ObtenerEstadisticasQuery, Estadisticas> {
  constructor(@Inject(LECTURAS_REPOSITORY) private readonly lecturas: LecturasRepository) {}

  async execute(query: ObtenerEstadisticasQuery): Promise<Estadisticas> {
    const datos = await this.lecturas.datosEstadisticas(query.ambito, query.id);
    if (!datos) throw new AmbitoNoEncontradoError(query.ambito, query.id);
    return Estadisticas.calcular(datos, query.moneda);
  }
}
