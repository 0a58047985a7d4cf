import { Command, type CommandOptions } from '@alpes/seedwork';

export type AccionCampana = 'activar' | 'pausar' | 'finalizar';

export class CambiarEstadoCampanaCommand extends Command {
  constructor(
    readonly campanaId: string,
    readonly accion: AccionCampana,
    /** Only for `pausar`; null = a manual pause without a reason. */
    readonly motivo: string | null = null,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
