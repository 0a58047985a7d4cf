import { DomainEvent } from '@alpes/seedwork';

export interface AlertaDisparadaPayload {
  readonly regla: string;
  /** Observed conversion rate (percent). */
  readonly valor: number;
  readonly umbral: number;
  readonly periodo: string;
  readonly clicks: number;
  readonly conversiones: number;
}

/** A rule was breached: a new alert is ACTIVA (exactly one per breach). */
export class AlertaDisparadaDomainEvent extends DomainEvent<AlertaDisparadaPayload> {
  readonly eventType = 'AlertaDisparada';
}
