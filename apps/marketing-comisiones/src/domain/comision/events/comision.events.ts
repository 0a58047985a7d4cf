import { DomainEvent } from '@alpes/seedwork';

export interface ComisionCalculadaPayload {
  id: string;
  conversion_id: string | null;
  afiliado_id: string;
  campana_id: string | null;
  modelo: string;
  base: string;
  porcentaje: string | null;
  monto: string;
  moneda: string;
  periodo: string | null;
}

/** Also re-raised for a CPC/CPM accrual with its running total `monto` (same id, consumers replace). */
export class ComisionCalculada extends DomainEvent<ComisionCalculadaPayload> {
  readonly eventType = 'ComisionCalculada';
}

interface ComisionRef {
  comision_id: string;
  afiliado_id: string;
  campana_id: string | null;
  conversion_id: string | null;
  monto: string;
  moneda: string;
}

export class ComisionAprobada extends DomainEvent<ComisionRef> {
  readonly eventType = 'ComisionAprobada';
}

export class ComisionRechazada extends DomainEvent<ComisionRef & { motivo: string }> {
  readonly eventType = 'ComisionRechazada';
}

export class ComisionRevertida extends DomainEvent<ComisionRef & { motivo: string | null; estado_anterior: string }> {
  readonly eventType = 'ComisionRevertida';
}

export type ComisionEvent = ComisionCalculada | ComisionAprobada | ComisionRechazada | ComisionRevertida;
