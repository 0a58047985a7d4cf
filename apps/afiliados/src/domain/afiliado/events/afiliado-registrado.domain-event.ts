import { DomainEvent } from '@alpes/seedwork';
import type { TipoAfiliado } from '../value-objects/tipo-afiliado';

export interface AfiliadoRegistradoPayload {
  id: string;
  nombre: string;
  email: string;
  tipo_afiliado: TipoAfiliado;
  estado: 'PENDIENTE';
  /** Percentage as a decimal string ("15", "12.5"). */
  comision_base: string;
  comision_premium: string | null;
  pais: string | null;
  redes_sociales: string[];
}

export class AfiliadoRegistrado extends DomainEvent<AfiliadoRegistradoPayload> {
  readonly eventType = 'AfiliadoRegistrado';
}
