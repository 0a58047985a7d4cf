import { DomainEvent } from '@alpes/seedwork';

export class AfiliadoSuspendido extends DomainEvent<{ afiliado_id: string; motivo: string }> {
  readonly eventType = 'AfiliadoSuspendido';
}
