import { DecimalInput, DomainError, Percentage, ValueObject } from '@alpes/seedwork';
import { ComisionInvalidaError, ComisionPremiumInferiorABaseError } from '../afiliado.errors';

/** Percentages travel as Avro decimal(9,4) and are stored as DECIMAL(7,4): at most 4 decimals. */
export const COMISION_MAX_DECIMALES = 4;
/** comision_base when the request does not give one (10 %). */
export const COMISION_BASE_POR_DEFECTO = '10';

interface ConfiguracionComisionesProps {
  comisionBase: Percentage;
  comisionPremium: Percentage | null;
}

export interface ConfiguracionComisionesInput {
  comisionBase?: DecimalInput | null;
  comisionPremium?: DecimalInput | null;
}

/**
 * The afiliado's commission percentages: `comision_base` (0–100, default 10) and an optional `comision_premium`
 * (0–100, not below the base) that replaces the campaign's CPS percentage for premium afiliados.
 */
export class ConfiguracionComisiones extends ValueObject<ConfiguracionComisionesProps> {
  private constructor(props: ConfiguracionComisionesProps) {
    super(props);
  }

  static of(input: ConfiguracionComisionesInput = {}): ConfiguracionComisiones {
    const base = porcentaje('comision_base', input.comisionBase ?? COMISION_BASE_POR_DEFECTO);
    const premium =
      input.comisionPremium === undefined || input.comisionPremium === null
        ? null
        : porcentaje('comision_premium', input.comisionPremium);
    if (premium !== null && premium.toDecimal().lessThan(base.toDecimal())) {
      throw new ComisionPremiumInferiorABaseError(base.toString(), premium.toString());
    }
    return new ConfiguracionComisiones({ comisionBase: base, comisionPremium: premium });
  }

  static porDefecto(): ConfiguracionComisiones {
    return ConfiguracionComisiones.of({});
  }

  get comisionBase(): Percentage {
    return this.props.comisionBase;
  }

  get comisionPremium(): Percentage | null {
    return this.props.comisionPremium;
  }
}

function porcentaje(campo: string, value: DecimalInput): Percentage {
  let pct: Percentage;
  try {
    pct = Percentage.of(value);
  } catch (error) {
    if (error instanceof DomainError) {
      const reason = error.code === 'PERCENTAGE.FUERA_DE_RANGO' ? 'debe estar entre 0 y 100' : 'debe ser un número';
      throw new ComisionInvalidaError(campo, value, reason);
    }
    throw error;
  }
  if (pct.toDecimal().decimalPlaces() > COMISION_MAX_DECIMALES) {
    throw new ComisionInvalidaError(campo, value, `admite como máximo ${COMISION_MAX_DECIMALES} decimales`);
  }
  return pct;
}
