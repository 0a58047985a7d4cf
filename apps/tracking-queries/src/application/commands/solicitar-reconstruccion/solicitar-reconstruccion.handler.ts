import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { Reconstruccion } from '../../../domain/reconstruccion/reconstruccion.aggregate';
import { RECONSTRUCCION_REPOSITORY, type ReconstruccionRepository } from '../../../domain/reconstruccion/reconstruccion.repository.port';
import { ReconstruccionRunner } from '../../reconstruccion/reconstruccion.runner';
import { SolicitarReconstruccionCommand } from './solicitar-reconstruccion.command';

export const INSTANCIA = `${hostname()}:${process.pid}`;

/**
 * Accepts a rebuild (one at a time: another one running → 409 RECONSTRUCCION.EN_CURSO) and starts it in the
 * background; the caller gets it EN_CURSO at once (202) and follows it with GET /admin/rebuild/:id.
 */
@Injectable()
export class SolicitarReconstruccionHandler implements ICommandHandler<SolicitarReconstruccionCommand, Reconstruccion> {
  constructor(
    @Inject(RECONSTRUCCION_REPOSITORY) private readonly repositorio: ReconstruccionRepository,
    private readonly runner: ReconstruccionRunner,
  ) {}

  async execute(command: SolicitarReconstruccionCommand): Promise<Reconstruccion> {
    const id = randomUUID();
    const reconstruccion = await this.repositorio.solicitar(
      ({ activo, enCurso }) => Reconstruccion.solicitar({ id, activo, enCurso, instancia: INSTANCIA, ahora: new Date() }),
      command.motivo,
    );
    this.runner.lanzar(reconstruccion);
    return reconstruccion;
  }
}
