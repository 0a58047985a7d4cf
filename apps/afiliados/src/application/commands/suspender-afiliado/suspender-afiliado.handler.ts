import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { modificarAfiliado } from '../modificar-afiliado';
import { SuspenderAfiliadoCommand } from './suspender-afiliado.command';

/** ACTIVO → SUSPENDIDO with a non-empty motivo (AfiliadoSuspendido); otherwise 409 / 400 from the aggregate. */
@Injectable()
export class SuspenderAfiliadoHandler implements ICommandHandler<SuspenderAfiliadoCommand, Afiliado> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  execute(command: SuspenderAfiliadoCommand): Promise<Afiliado> {
    return modificarAfiliado(
      this.repository,
      command.afiliadoId,
      () => ({ accion: 'SUSPENDER_AFILIADO', correlationId: command.correlationId, actor: command.actor }),
      (afiliado) => afiliado.suspender(command.motivo),
    );
  }
}
