import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ClickSolicitado } from '../shared/tracking-solicitado';

export class RegistrarClickCommand extends Command {
  constructor(
    readonly datos: ClickSolicitado,
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
