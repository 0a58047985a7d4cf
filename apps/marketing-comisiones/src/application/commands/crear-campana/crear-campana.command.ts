import { Command, type CommandOptions } from '@alpes/seedwork';
import type { ReglaComisionInput } from '../../../domain/campana/regla-comision.value-object';

export interface CrearCampanaInput {
  readonly id?: string;
  readonly nombre: string;
  readonly producto: string;
  readonly marca: string;
  /** Decimal text. */
  readonly presupuesto: string;
  readonly moneda: string;
  readonly fechaInicio?: Date | null;
  readonly fechaFin?: Date | null;
  readonly ventanaAtribucionDias?: number;
  readonly reglas: readonly ReglaComisionInput[];
  readonly influencersIds?: readonly string[];
}

export class CrearCampanaCommand extends Command {
  constructor(
    readonly input: CrearCampanaInput,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
