import { Command, type CommandOptions } from '@alpes/seedwork';
import type { TipoConversion } from '../../../domain/conversion/value-objects/tipo-conversion';

/** A conversion as the client sent it (shape-validated): `valor_conversion` a JSON number, `timestamp` epoch ms. */
export interface ConversionSolicitada {
  readonly id?: string;
  readonly click_id?: string;
  readonly afiliado_id?: string;
  readonly campana_id?: string;
  readonly tipo_conversion: TipoConversion;
  readonly valor_conversion: number;
  readonly moneda: string;
  readonly referencia_externa?: string;
  readonly usuario_id?: string;
  readonly timestamp?: number;
}

export class RegistrarConversionCommand extends Command {
  constructor(
    readonly datos: ConversionSolicitada,
    readonly actor: string,
    options: CommandOptions = {},
  ) {
    super(options);
  }
}
