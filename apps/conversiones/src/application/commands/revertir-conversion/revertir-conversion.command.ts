import { Command, type CommandOptions } from '@alpes/seedwork';

export class RevertirConversionCommand extends Command {
  constructor(
    readonly conversionId: string,
    readonly motivo: string,
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
