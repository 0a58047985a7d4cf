import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import { LECTURAS_REPOSITORY, type LecturasRepository } from '../../../domain/estadisticas/lecturas.repository.port';
import { ImpresionNoEncontradaError } from '../../../domain/estadisticas/tracking.errors';
import type { ImpresionProyectada } from '../../../domain/proyeccion/registros';
import { ObtenerImpresionQuery } from './obtener-impresion.query';

@Injectable()
export class ObtenerImpresionHandler implements IQueryHandler<ObtenerImpresionQuery, ImpresionProyectada> {
  constructor(@Inject(LECTURAS_REPOSITORY) private readonly lecturas: LecturasRepository) {}

  async execute(query: ObtenerImpresionQuery): Promise<ImpresionProyectada> {
    const impresion = await this.lecturas.impresion(query.id);
    if (!impresion) throw new ImpresionNoEncontradaError(query.id);
    return impresion;
  }
}
