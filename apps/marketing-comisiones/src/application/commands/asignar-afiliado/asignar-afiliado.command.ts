import { Command, type CommandOptions } from '@alpes/seedwork';

export class AsignarAfiliadoCommand extends Command {
  constructor(
    readonly campanaId: string,
    readonly afiliadoId: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
