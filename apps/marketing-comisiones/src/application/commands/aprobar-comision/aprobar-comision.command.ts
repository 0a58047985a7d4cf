import { Command, type CommandOptions } from '@alpes/seedwork';

export class AprobarComisionCommand extends Command {
  constructor(
    readonly comisionId: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
