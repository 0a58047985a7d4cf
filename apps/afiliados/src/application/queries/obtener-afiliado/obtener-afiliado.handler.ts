import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AfiliadoNoEncontradoError } from '../../../domain/afiliado/afiliado.errors';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { ObtenerAfiliadoQuery } from './obtener-afiliado.query';

@Injectable()
export class ObtenerAfiliadoHandler implements IQueryHandler<ObtenerAfiliadoQuery, Afiliado> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  async execute(query: ObtenerAfiliadoQuery): Promise<Afiliado> {
    const afiliado = await this.repository.findById(query.afiliadoId.toLowerCase());
    if (!afiliado) throw new AfiliadoNoEncontradoError(query.afiliadoId);
    return afiliado;
  }
}
