import { Command } from '@alpes/seedwork';
import { ACTOR_POR_DEFECTO, CommandContextOptions } from '../command-context';

export class ActualizarConfiguracionComisionesCommand extends Command {
  readonly actor: string;

  constructor(
    readonly afiliadoId: string,
    /** Percentages as decimal text or numbers (12.5 = 12.5 %). */
    readonly comisionBase: string | number,
    readonly comisionPremium: string | number | null | undefined,
    options: CommandContextOptions = {},
  ) {
    super(options);
    this.actor = options.actor ?? ACTOR_POR_DEFECTO;
  }
}
