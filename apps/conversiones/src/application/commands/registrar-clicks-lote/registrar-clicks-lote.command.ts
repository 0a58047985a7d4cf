import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ClickSolicitado } from '../shared/tracking-solicitado';

export class RegistrarClicksLoteCommand extends Command {
  constructor(
    readonly items: readonly ClickSolicitado[],
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
