import { DomainEvent } from '@alpes/seedwork';

export class AfiliadoReactivado extends DomainEvent<{ afiliado_id: string }> {
  readonly eventType = 'AfiliadoReactivado';
}
