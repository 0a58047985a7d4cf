import type { AfiliadoActivado } from './afiliado-activado.domain-event';
import type { AfiliadoReactivado } from './afiliado-reactivado.domain-event';
import type { AfiliadoRegistrado } from './afiliado-registrado.domain-event';
import type { AfiliadoSuspendido } from './afiliado-suspendido.domain-event';
import type { ConfiguracionComisionesActualizada } from './configuracion-comisiones-actualizada.domain-event';

export * from './afiliado-activado.domain-event';
export * from './afiliado-reactivado.domain-event';
export * from './afiliado-registrado.domain-event';
export * from './afiliado-suspendido.domain-event';
export * from './configuracion-comisiones-actualizada.domain-event';

/** Every event the Afiliado aggregate raises (a closed union the mapper switches over). */
export type AfiliadoDomainEvent =
  | AfiliadoRegistrado
  | AfiliadoActivado
  | AfiliadoSuspendido
  | AfiliadoReactivado
  | ConfiguracionComisionesActualizada;
