export interface ResumenFraude {
  readonly clicksMarcados: number;
  /** Flagged clicks per campaign, most first (at most 100 campaigns). */
  readonly porCampana: readonly { readonly campanaId: string; readonly clicksMarcados: number }[];
  readonly conversionesRechazadas: number;
}

export interface FraudeLectura {
  resumen(campanaId?: string): Promise<ResumenFraude>;
}

export const FRAUDE_LECTURA = Symbol('FRAUDE_LECTURA');
