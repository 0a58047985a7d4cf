import { DomainEvent } from '@alpes/seedwork';

export class AfiliadoActivado extends DomainEvent<{ afiliado_id: string }> {
  readonly eventType = 'AfiliadoActivado';
}
