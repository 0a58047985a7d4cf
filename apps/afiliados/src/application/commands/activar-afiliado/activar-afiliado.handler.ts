import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { modificarAfiliado } from '../modificar-afiliado';
import { ActivarAfiliadoCommand } from './activar-afiliado.command';

/** PENDIENTE → ACTIVO (AfiliadoActivado); from any other state `AFILIADO.TRANSICION_INVALIDA`. */
@Injectable()
export class ActivarAfiliadoHandler implements ICommandHandler<ActivarAfiliadoCommand, Afiliado> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  execute(command: ActivarAfiliadoCommand): Promise<Afiliado> {
    return modificarAfiliado(
      this.repository,
      command.afiliadoId,
      () => ({ accion: 'ACTIVAR_AFILIADO', correlationId: command.correlationId, actor: command.actor }),
      (afiliado) => afiliado.activar(),
    );
  }
}
