import { DomainEvent } from '@alpes/seedwork';

/** A rule as it travels in events: amounts and percentages as decimal text. */
export interface ReglaComisionPayload {
  tipo_evento: string;
  tipo_conversion: string | null;
  modelo: string;
  valor: string;
}

export interface CampanaCreadaPayload {
  id: string;
  nombre: string;
  producto: string;
  marca: string;
  presupuesto: string;
  moneda: string;
  reglas_comision: ReglaComisionPayload[];
  fecha_inicio: number | null;
  fecha_fin: number | null;
  ventana_atribucion_dias: number;
  afiliados_ids: string[];
}

export class CampanaCreada extends DomainEvent<CampanaCreadaPayload> {
  readonly eventType = 'CampanaCreada';
}

export class CampanaActivada extends DomainEvent<{ campana_id: string }> {
  readonly eventType = 'CampanaActivada';
}

export class CampanaPausada extends DomainEvent<{ campana_id: string; motivo: string | null }> {
  readonly eventType = 'CampanaPausada';
}

export class CampanaFinalizada extends DomainEvent<{ campana_id: string }> {
  readonly eventType = 'CampanaFinalizada';
}

export class AfiliadoAsignadoACampana extends DomainEvent<{ campana_id: string; afiliado_id: string }> {
  readonly eventType = 'AfiliadoAsignadoACampana';
}

export class AfiliadoRetiradoDeCampana extends DomainEvent<{ campana_id: string; afiliado_id: string }> {
  readonly eventType = 'AfiliadoRetiradoDeCampana';
}

export class PresupuestoAgotado extends DomainEvent<{ campana_id: string; presupuesto: string; presupuesto_disponible: string; moneda: string }> {
  readonly eventType = 'PresupuestoAgotado';
}

export type CampanaEvent =
  | CampanaCreada
  | CampanaActivada
  | CampanaPausada
  | CampanaFinalizada
  | AfiliadoAsignadoACampana
  | AfiliadoRetiradoDeCampana
  | PresupuestoAgotado;
