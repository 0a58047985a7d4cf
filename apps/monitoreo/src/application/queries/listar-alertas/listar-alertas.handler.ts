import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { Alerta } from '../../../domain/alerta/alerta.aggregate';
import { ALERTA_REPOSITORY, REGLAS_REPOSITORY, type AlertaRepository, type ReglasRepository } from '../../../domain/alerta/alerta.repository.port';
import type { ReglaAlerta } from '../../../domain/alerta/regla-alerta';
import { ListarAlertasQuery } from './listar-alertas.query';

/** The rules with their configuration, and the alerts (active and past), newest first. */
@Injectable()
export class ListarAlertasHandler implements IQueryHandler<ListarAlertasQuery, { reglas: ReglaAlerta[]; alertas: Paginated<Alerta> }> {
  constructor(
    @Inject(ALERTA_REPOSITORY) private readonly alertas: AlertaRepository,
    @Inject(REGLAS_REPOSITORY) private readonly reglas: ReglasRepository,
  ) {}

  async execute(query: ListarAlertasQuery): Promise<{ reglas: ReglaAlerta[]; alertas: Paginated<Alerta> }> {
    const [reglas, alertas] = await Promise.all([this.reglas.todas(), this.alertas.listar({ estado: query.estado }, query.pagina)]);
    return { reglas, alertas };
  }
}
