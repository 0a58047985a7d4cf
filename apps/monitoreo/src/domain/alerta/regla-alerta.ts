import { ValidationError } from '@alpes/seedwork';
import { esPeriodo, type Periodo } from '../metricas/periodo';

export const REGLA_TASA_CONVERSION_BAJA = 'TASA_CONVERSION_BAJA';
export const IDS_REGLA = [REGLA_TASA_CONVERSION_BAJA] as const;
export type IdRegla = (typeof IDS_REGLA)[number];

export function esIdRegla(valor: unknown): valor is IdRegla {
  return typeof valor === 'string' && (IDS_REGLA as readonly string[]).includes(valor);
}

export interface ConfiguracionRegla {
  /** Conversion rate (percent) under which the rule is breached. */
  readonly umbral: number;
  readonly periodo: Periodo;
  /** Fewer clicks than this in the period: too little data to judge (no alert fires, none resolves). */
  readonly minimoClicks: number;
  readonly activa: boolean;
}

export const UMBRAL_MAXIMO = 100;
export const MINIMO_CLICKS_MAXIMO = 1_000_000_000;

/** An alert rule with its configuration, always valid (checked on creation). */
export class ReglaAlerta implements ConfiguracionRegla {
  private constructor(
    readonly id: IdRegla,
    readonly umbral: number,
    readonly periodo: Periodo,
    readonly minimoClicks: number,
    readonly activa: boolean,
  ) {
    Object.freeze(this);
  }

  /** Throws `MONITOREO.REGLA_INVALIDA` (validation) naming the field. */
  static crear(id: IdRegla, config: ConfiguracionRegla): ReglaAlerta {
    const { umbral, periodo, minimoClicks, activa } = config;
    if (typeof umbral !== 'number' || !Number.isFinite(umbral) || umbral < 0 || umbral > UMBRAL_MAXIMO || decimales(umbral) > 4) {
      throw invalida('umbral', `umbral must be a number from 0 to ${UMBRAL_MAXIMO} with at most 4 decimals`, umbral);
    }
    if (!esPeriodo(periodo)) throw invalida('periodo', 'periodo must be one of 1h, 24h, 7d', periodo);
    if (!Number.isSafeInteger(minimoClicks) || minimoClicks < 0 || minimoClicks > MINIMO_CLICKS_MAXIMO) {
      throw invalida('minimo_clicks', `minimo_clicks must be an integer from 0 to ${MINIMO_CLICKS_MAXIMO}`, minimoClicks);
    }
    if (typeof activa !== 'boolean') throw invalida('activa', 'activa must be a boolean', activa);
    return new ReglaAlerta(id, umbral, periodo, minimoClicks, activa);
  }

  /** The same rule with some settings changed (validated again). */
  con(cambios: Partial<ConfiguracionRegla>): ReglaAlerta {
    return ReglaAlerta.crear(this.id, {
      umbral: cambios.umbral ?? this.umbral,
      periodo: cambios.periodo ?? this.periodo,
      minimoClicks: cambios.minimoClicks ?? this.minimoClicks,
      activa: cambios.activa ?? this.activa,
    });
  }

  configuracion(): ConfiguracionRegla {
    return { umbral: this.umbral, periodo: this.periodo, minimoClicks: this.minimoClicks, activa: this.activa };
  }
}

function decimales(n: number): number {
  const texto = String(n);
  if (/e/i.test(texto)) return Number.POSITIVE_INFINITY;
  const punto = texto.indexOf('.');
  return punto < 0 ? 0 : texto.length - punto - 1;
}

function invalida(campo: string, mensaje: string, valor: unknown): ValidationError {
  return new ValidationError('MONITOREO.REGLA_INVALIDA', mensaje, { details: { field: campo, value: valor } });
}
