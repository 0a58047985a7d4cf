import { DomainError, Money, Percentage, ValueObject } from '@alpes/seedwork';
import {
  MODELOS,
  MODELOS_POR_EVENTO,
  TIPOS_CONVERSION,
  TIPOS_EVENTO,
  type Modelo,
  type TipoConversion,
  type TipoEvento,
} from '../shared/tipos';
import { CampanaErrors } from './campana.errors';

export interface ReglaComisionInput {
  readonly tipo_evento: string;
  readonly tipo_conversion?: string | null;
  readonly modelo: string;
  /** Decimal text: an amount of the campaign currency (CPM per thousand impressions, CPC, CPA) or a percentage (CPS). */
  readonly valor: string;
}

interface ReglaComisionProps {
  tipoEvento: TipoEvento;
  tipoConversion: TipoConversion | null;
  modelo: Modelo;
  /** Normalised decimal text: "2.50" (amount, the currency's minor units) or "12.5" (percentage). */
  valor: string;
}

/**
 * One commission rule of a campaign. CPM pays impressions (valor per thousand), CPC clicks, CPA conversions (fixed
 * amount), CPS conversions (percentage 0–100 of the sale value). Amounts are positive and exact in the campaign
 * currency (no more decimals than its minor unit).
 */
export class ReglaComision extends ValueObject<ReglaComisionProps> {
  private constructor(props: ReglaComisionProps) {
    super(props);
  }

  /** Validates one rule of the request; `indice` names it in the error details. */
  static crear(input: ReglaComisionInput, moneda: string, indice: number): ReglaComision {
    const tipoEvento = input.tipo_evento as TipoEvento;
    if (!TIPOS_EVENTO.includes(tipoEvento)) {
      throw CampanaErrors.reglaInvalida(indice, 'TIPO_EVENTO_INVALIDO', `tipo_evento must be one of ${TIPOS_EVENTO.join(', ')}`);
    }
    const modelo = input.modelo as Modelo;
    if (!MODELOS.includes(modelo)) {
      throw CampanaErrors.reglaInvalida(indice, 'MODELO_INVALIDO', `modelo must be one of ${MODELOS.join(', ')}`);
    }
    if (!MODELOS_POR_EVENTO[tipoEvento].includes(modelo)) {
      throw CampanaErrors.reglaInvalida(
        indice,
        'MODELO_INCOMPATIBLE',
        `modelo ${modelo} does not apply to ${tipoEvento} (${tipoEvento} takes ${MODELOS_POR_EVENTO[tipoEvento].join(' or ')})`,
        { tipo_evento: tipoEvento, modelo },
      );
    }
    const tipoConversion = (input.tipo_conversion ?? null) as TipoConversion | null;
    if (tipoConversion !== null) {
      if (tipoEvento !== 'conversion') {
        throw CampanaErrors.reglaInvalida(indice, 'TIPO_CONVERSION_NO_APLICA', 'tipo_conversion is only allowed for tipo_evento conversion');
      }
      if (!TIPOS_CONVERSION.includes(tipoConversion)) {
        throw CampanaErrors.reglaInvalida(indice, 'TIPO_CONVERSION_INVALIDO', `tipo_conversion must be one of ${TIPOS_CONVERSION.join(', ')}`);
      }
    }
    return new ReglaComision({ tipoEvento, tipoConversion, modelo, valor: ReglaComision.normalizarValor(input.valor, modelo, moneda, indice) });
  }

  /** From storage: already validated. */
  static rehidratar(props: ReglaComisionProps): ReglaComision {
    return new ReglaComision({ ...props });
  }

  private static normalizarValor(valor: string, modelo: Modelo, moneda: string, indice: number): string {
    try {
      if (modelo === 'CPS') return Percentage.of(valor).toString();
      const monto = Money.of(valor, moneda);
      if (!monto.isPositive()) {
        throw CampanaErrors.reglaInvalida(indice, 'VALOR_NO_POSITIVO', `valor must be an amount greater than 0 for ${modelo}`, { valor });
      }
      return monto.toFixed();
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'CAMPANA.REGLA_INVALIDA') {
        const motivo = modelo === 'CPS' ? 'PORCENTAJE_INVALIDO' : 'MONTO_INVALIDO';
        const mensaje =
          modelo === 'CPS'
            ? 'valor of a CPS rule is a percentage between 0 and 100'
            : `valor must be a positive amount of ${moneda} with at most its minor-unit decimals`;
        throw CampanaErrors.reglaInvalida(indice, motivo, mensaje, { valor, causa: error.code });
      }
      throw error;
    }
  }

  get tipoEvento(): TipoEvento {
    return this.props.tipoEvento;
  }

  get tipoConversion(): TipoConversion | null {
    return this.props.tipoConversion;
  }

  get modelo(): Modelo {
    return this.props.modelo;
  }

  /** Normalised decimal text of the rule's value. */
  get valor(): string {
    return this.props.valor;
  }

  /** The CPS percentage. */
  porcentaje(): Percentage {
    if (this.props.modelo !== 'CPS') throw new Error(`A ${this.props.modelo} rule has no percentage`);
    return Percentage.of(this.props.valor);
  }

  /** The fixed amount (CPA), the price per click (CPC) or per thousand impressions (CPM). */
  monto(moneda: string): Money {
    if (this.props.modelo === 'CPS') throw new Error('A CPS rule has no fixed amount');
    return Money.of(this.props.valor, moneda);
  }

  clave(): string {
    return `${this.props.tipoEvento}|${this.props.tipoConversion ?? '*'}`;
  }
}
