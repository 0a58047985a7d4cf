import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import type { Reconstruccion } from '../../../domain/reconstruccion/reconstruccion.aggregate';
import { ReconstruccionNoEncontradaError } from '../../../domain/reconstruccion/reconstruccion.errors';
import { RECONSTRUCCION_REPOSITORY, type ReconstruccionRepository } from '../../../domain/reconstruccion/reconstruccion.repository.port';
import { ObtenerReconstruccionQuery } from './obtener-reconstruccion.query';

@Injectable()
export class ObtenerReconstruccionHandler implements IQueryHandler<ObtenerReconstruccionQuery, Reconstruccion> {
  constructor(@Inject(RECONSTRUCCION_REPOSITORY) private readonly repositorio: ReconstruccionRepository) {}

  async execute(query: ObtenerReconstruccionQuery): Promise<Reconstruccion> {
    const r = query.id === null ? await this.repositorio.ultima() : await this.repositorio.porId(query.id);
    if (!r) throw new ReconstruccionNoEncontradaError(query.id ?? undefined);
    return r;
  }
}
