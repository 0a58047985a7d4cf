import { DomainEvent } from '@alpes/seedwork';

interface PagoRef {
  afiliado_id: string;
  comision_ids: string[];
  monto: string;
  moneda: string;
}

export class PagoProgramado extends DomainEvent<PagoRef & { id: string }> {
  readonly eventType = 'PagoProgramado';
}

export class PagoRealizado extends DomainEvent<PagoRef & { pago_id: string; referencia_proveedor: string | null }> {
  readonly eventType = 'PagoRealizado';
}

export class PagoFallido extends DomainEvent<PagoRef & { pago_id: string; motivo: string }> {
  readonly eventType = 'PagoFallido';
}

export type PagoEvent = PagoProgramado | PagoRealizado | PagoFallido;
