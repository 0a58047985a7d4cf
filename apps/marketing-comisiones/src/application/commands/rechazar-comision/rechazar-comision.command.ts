import { Command, type CommandOptions } from '@alpes/seedwork';

export class RechazarComisionCommand extends Command {
  constructor(
    readonly comisionId: string,
    readonly motivo: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
