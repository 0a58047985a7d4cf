import { Command, type CommandOptions } from '@alpes/seedwork';

export class EjecutarPagoCommand extends Command {
  constructor(
    readonly pagoId: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
