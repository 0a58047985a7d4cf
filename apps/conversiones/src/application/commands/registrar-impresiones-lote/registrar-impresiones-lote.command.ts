import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ImpresionSolicitada } from '../shared/tracking-solicitado';

export class RegistrarImpresionesLoteCommand extends Command {
  constructor(
    readonly items: readonly ImpresionSolicitada[],
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
