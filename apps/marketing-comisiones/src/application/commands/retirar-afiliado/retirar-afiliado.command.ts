import { Command, type CommandOptions } from '@alpes/seedwork';

export class RetirarAfiliadoCommand extends Command {
  constructor(
    readonly campanaId: string,
    readonly afiliadoId: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
