import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ImpresionSolicitada } from '../shared/tracking-solicitado';

export class RegistrarImpresionCommand extends Command {
  constructor(
    readonly datos: ImpresionSolicitada,
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
