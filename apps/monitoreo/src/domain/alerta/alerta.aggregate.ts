import { AggregateRoot } from '@alpes/seedwork';
import type { Periodo } from '../metricas/periodo';
import { AlertaDisparadaDomainEvent } from './alerta-disparada.domain-event';
import { AlertaYaResueltaError } from './alerta.errors';
import type { Medicion } from './evaluacion';
import type { IdRegla, ReglaAlerta } from './regla-alerta';

export const ESTADOS_ALERTA = ['ACTIVA', 'RESUELTA'] as const;
export type EstadoAlerta = (typeof ESTADOS_ALERTA)[number];

export interface AlertaProps {
  regla: IdRegla;
  /** Conversion rate when it fired. */
  valor: number;
  umbral: number;
  periodo: Periodo;
  clicks: number;
  conversiones: number;
  estado: EstadoAlerta;
  disparadaEn: Date;
  resueltaEn: Date | null;
  /** Conversion rate when it resolved (null while ACTIVA, or when the rule was switched off). */
  valorResolucion: number | null;
}

/**
 * One breach of a rule: ACTIVA from the evaluation that saw the rate under the threshold until one that sees it
 * recovered (→ RESUELTA). A later breach is a new alert. Firing records `AlertaDisparada`.
 */
export class Alerta extends AggregateRoot<AlertaProps> {
  static disparar(id: string, regla: ReglaAlerta, medicion: Medicion, at: Date): Alerta {
    const alerta = new Alerta({
      id,
      props: {
        regla: regla.id,
        valor: medicion.tasa,
        umbral: regla.umbral,
        periodo: regla.periodo,
        clicks: medicion.clicks,
        conversiones: medicion.conversiones,
        estado: 'ACTIVA',
        disparadaEn: at,
        resueltaEn: null,
        valorResolucion: null,
      },
    });
    alerta.addEvent(
      new AlertaDisparadaDomainEvent({
        aggregateId: id,
        occurredAt: at,
        payload: {
          regla: regla.id,
          valor: medicion.tasa,
          umbral: regla.umbral,
          periodo: regla.periodo,
          clicks: medicion.clicks,
          conversiones: medicion.conversiones,
        },
      }),
    );
    return alerta;
  }

  static reconstituir(id: string, props: AlertaProps, version = 1): Alerta {
    return new Alerta({ id, props, version });
  }

  get estado(): EstadoAlerta {
    return this.props.estado;
  }

  get regla(): IdRegla {
    return this.props.regla;
  }

  /** ACTIVA → RESUELTA; `valor` is the rate seen then (null when the rule was switched off). */
  resolver(at: Date, valor: number | null): void {
    if (this.props.estado !== 'ACTIVA') throw new AlertaYaResueltaError(this.id);
    this.props.estado = 'RESUELTA';
    this.props.resueltaEn = at;
    this.props.valorResolucion = valor;
  }
}
