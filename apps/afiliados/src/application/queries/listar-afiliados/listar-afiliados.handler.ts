import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { ListarAfiliadosQuery } from './listar-afiliados.query';

/** Newest first; the email filter is normalised like the stored emails (trimmed, lower-cased). */
@Injectable()
export class ListarAfiliadosHandler implements IQueryHandler<ListarAfiliadosQuery, Paginated<Afiliado>> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  execute(query: ListarAfiliadosQuery): Promise<Paginated<Afiliado>> {
    const { email, texto, ...resto } = query.filtro;
    const emailNormalizado = email?.trim().toLowerCase();
    const textoNormalizado = texto?.trim();
    return this.repository.findMany(
      {
        ...resto,
        ...(emailNormalizado ? { email: emailNormalizado } : {}),
        ...(textoNormalizado ? { texto: textoNormalizado } : {}),
      },
      query.page,
    );
  }
}
