import { Command } from '@alpes/seedwork';
import { ACTOR_POR_DEFECTO, CommandContextOptions } from '../command-context';

export class ReactivarAfiliadoCommand extends Command {
  readonly actor: string;

  constructor(
    readonly afiliadoId: string,
    options: CommandContextOptions = {},
  ) {
    super(options);
    this.actor = options.actor ?? ACTOR_POR_DEFECTO;
  }
}
