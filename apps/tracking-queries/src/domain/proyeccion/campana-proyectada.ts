export type EstadoCampana = 'BORRADOR' | 'ACTIVA' | 'PAUSADA' | 'FINALIZADA' | 'DESCONOCIDO';

/** What the statistics need of a campaign: that it exists and its currency (`moneda` of its estadisticas). */
export interface CampanaProyectada {
  readonly id: string;
  readonly nombre: string | null;
  readonly moneda: string | null;
  readonly estado: EstadoCampana;
  readonly presupuestoAgotado: boolean;
  readonly actualizadaEn: Date;
}

export type EstadoAfiliado = 'PENDIENTE' | 'ACTIVO' | 'SUSPENDIDO' | 'DESCONOCIDO';

export interface AfiliadoProyectado {
  readonly id: string;
  readonly nombre: string | null;
  readonly tipoAfiliado: string | null;
  readonly estado: EstadoAfiliado;
  readonly actualizadoEn: Date;
}
