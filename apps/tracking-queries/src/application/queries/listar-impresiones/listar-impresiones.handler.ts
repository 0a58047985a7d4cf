import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import { LECTURAS_REPOSITORY, type LecturasRepository } from '../../../domain/estadisticas/lecturas.repository.port';
import { AmbitoNoEncontradoError } from '../../../domain/estadisticas/tracking.errors';
import type { ImpresionProyectada } from '../../../domain/proyeccion/registros';
import { ListarImpresionesQuery } from './listar-impresiones.query';

/** Unknown campaign/affiliate (no event ever mentioned it) → 404; a known one with no impressions → an empty page. */
@Injectable()
export class ListarImpresionesHandler implements IQueryHandler<ListarImpresionesQuery, Paginated<ImpresionProyectada>> {
  constructor(@Inject(LECTURAS_REPOSITORY) private readonly lecturas: LecturasRepository) {}

  async execute(query: ListarImpresionesQuery): Promise<Paginated<ImpresionProyectada>> {
    if (!(await this.lecturas.existe(query.ambito, query.id))) throw new AmbitoNoEncontradoError(query.ambito, query.id);
    return this.lecturas.impresionesDe(query.ambito, query.id, query.page);
  }
}
