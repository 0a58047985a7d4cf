import { DomainEvent } from '@alpes/seedwork';

export interface ConfiguracionComisionesActualizadaPayload {
  afiliado_id: string;
  /** Percentages as decimal strings ("15", "12.5"). */
  comision_base: string;
  comision_premium: string | null;
}

export class ConfiguracionComisionesActualizada extends DomainEvent<ConfiguracionComisionesActualizadaPayload> {
  readonly eventType = 'ConfiguracionComisionesActualizada';
}
