import { Command, type CommandOptions } from '@alpes/seedwork';

export class ProgramarPagoCommand extends Command {
  constructor(
    readonly afiliadoId: string,
    /** Required only when the affiliate has APROBADA commissions in several currencies. */
    readonly moneda: string | null = null,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
