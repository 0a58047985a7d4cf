import { Command, type CommandOptions } from '@alpes/seedwork';

/** One evaluation round of every alert rule (the scheduler sends it every MONITOREO_ALERTA_INTERVALO_MS). */
export class EvaluarAlertasCommand extends Command {
  constructor(options: CommandOptions = {}) {
    super(options);
  }
}
