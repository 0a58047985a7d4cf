import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { REGLAS_REPOSITORY, type ReglasRepository } from '../../../domain/alerta/alerta.repository.port';
import { ReglaNoEncontradaError } from '../../../domain/alerta/alerta.errors';
import { esIdRegla, type ReglaAlerta } from '../../../domain/alerta/regla-alerta';
import { ConfigurarReglaAlertaCommand } from './configurar-regla-alerta.command';

/**
 * Stores a rule's configuration (it then wins over the environment's defaults, across restarts and replicas) with its
 * audit record. The next evaluation applies it.
 */
@Injectable()
export class ConfigurarReglaAlertaHandler implements ICommandHandler<ConfigurarReglaAlertaCommand, ReglaAlerta> {
  constructor(@Inject(REGLAS_REPOSITORY) private readonly reglas: ReglasRepository) {}

  async execute(command: ConfigurarReglaAlertaCommand): Promise<ReglaAlerta> {
    if (!esIdRegla(command.reglaId)) throw new ReglaNoEncontradaError(command.reglaId);
    // Read and changed under the rule's lock: a concurrent change of another field is never overwritten.
    return this.reglas.modificar(command.reglaId, (actual) => actual.con(command.cambios), {
      actor: command.actor,
      correlationId: command.correlationId,
    });
  }
}
