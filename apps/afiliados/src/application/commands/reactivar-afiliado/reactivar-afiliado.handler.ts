import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { modificarAfiliado } from '../modificar-afiliado';
import { ReactivarAfiliadoCommand } from './reactivar-afiliado.command';

/** SUSPENDIDO → ACTIVO (AfiliadoReactivado); from any other state `AFILIADO.TRANSICION_INVALIDA`. */
@Injectable()
export class ReactivarAfiliadoHandler implements ICommandHandler<ReactivarAfiliadoCommand, Afiliado> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  execute(command: ReactivarAfiliadoCommand): Promise<Afiliado> {
    return modificarAfiliado(
      this.repository,
      command.afiliadoId,
      () => ({ accion: 'REACTIVAR_AFILIADO', correlationId: command.correlationId, actor: command.actor }),
      (afiliado) => afiliado.reactivar(),
    );
  }
}
