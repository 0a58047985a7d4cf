import { CONJUNTOS, type ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';

/** Table names of one set of projections (`<name>_a` / `<name>_b`). Only these fixed names are ever interpolated. */
export interface TablasProyeccion {
  readonly impresiones: string;
  readonly clicks: string;
  readonly conversiones: string;
  readonly comisiones: string;
  readonly campanas: string;
  readonly afiliados: string;
  readonly estadisticas: string;
  readonly importes: string;
  /** The events a set applied during a rebuild (its own inbox while it is not the active set). */
  readonly aplicados: string;
}

const BASES = {
  impresiones: 'impresiones',
  clicks: 'clicks',
  conversiones: 'conversiones',
  comisiones: 'comisiones',
  campanas: 'campanas',
  afiliados: 'afiliados',
  estadisticas: 'estadisticas',
  importes: 'estadisticas_importes',
  aplicados: 'eventos_aplicados',
} as const;

const TABLAS: Readonly<Record<ConjuntoTablas, TablasProyeccion>> = Object.freeze(
  Object.fromEntries(
    CONJUNTOS.map((c) => [c, Object.freeze(Object.fromEntries(Object.entries(BASES).map(([k, v]) => [k, `${v}_${c}`])) as unknown as TablasProyeccion)]),
  ) as Record<ConjuntoTablas, TablasProyeccion>,
);

export function tablasDe(conjunto: ConjuntoTablas): TablasProyeccion {
  const tablas = TABLAS[conjunto];
  if (!tablas) throw new Error(`Unknown projection set ${JSON.stringify(conjunto)}`);
  return tablas;
}

export const TABLA_CONTROL = 'proyeccion_control';
export const TABLA_RECONSTRUCCIONES = 'reconstrucciones';
/** The inbox subscription of every live consumer of this app (catalog: `tracking-queries.proyecciones`). */
export const SUSCRIPCION_PROYECCIONES = 'tracking-queries.proyecciones';
