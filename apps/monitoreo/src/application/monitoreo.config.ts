import type { ConfiguracionRegla } from '../domain/alerta/regla-alerta';

export const MONITOREO_CONFIG = Symbol('MONITOREO_CONFIG');

/** Settings of the service (environment variables, read and validated once at start-up). */
export interface MonitoreoConfig {
  /** Defaults of TASA_CONVERSION_BAJA until a PUT stores another configuration. */
  readonly alerta: ConfiguracionRegla;
  /** How often the alert rules are evaluated. */
  readonly alertaIntervaloMs: number;
  /** Currency of an outside system's amount that names none. */
  readonly monedaExternos: string;
  /** Events per consumer transaction and how long a batch that is not full waits. */
  readonly loteConsumo: number;
  readonly esperaLoteMs: number;
}

export const RELOJ = Symbol('RELOJ');

/** The time, as a port: tests pin it. */
export interface Reloj {
  ahora(): Date;
}

export const RELOJ_SISTEMA: Reloj = { ahora: () => new Date() };
