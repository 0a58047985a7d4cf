import { Command, type CommandOptions } from '@alpes/seedwork';

export interface CrearComisionManualInput {
  readonly afiliadoId: string;
  readonly conversionId: string;
  readonly campanaId?: string | null;
  readonly tipoComision: 'porcentual' | 'fija';
  /** Decimal texts. */
  readonly porcentaje?: string | null;
  readonly monto?: string | null;
  readonly valorConversion?: string | null;
  readonly moneda?: string | null;
}

export class CrearComisionManualCommand extends Command {
  constructor(
    readonly input: CrearComisionManualInput,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
