import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ConfiguracionRegla } from '../../../domain/alerta/regla-alerta';

export class ConfigurarReglaAlertaCommand extends Command {
  constructor(
    /** Any text: an unknown rule is MONITOREO.REGLA_NO_ENCONTRADA (404). */
    readonly reglaId: string,
    /** Settings left out keep their value. */
    readonly cambios: Partial<ConfiguracionRegla>,
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
