/** Tunables of the service (env variables; integration tests override them through `runtime.settings`). */
export interface ConversionesConfig {
  /** How long a conversion waits for an unknown click before `CLICK_DESCONOCIDO` (CONVERSIONES_GRACIA_CLICK_MS). */
  readonly graciaClickMs: number;
  /** More clicks than this per IP, campaign and minute are flooding (CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO). */
  readonly umbralClicksPorIpMinuto: number;
  /** Group commit: the longest a request waits for others to share its transaction (CONVERSIONES_INGESTA_ESPERA_MS). */
  readonly ingestaEsperaMs: number;
  /** Group commit: commands per transaction (CONVERSIONES_INGESTA_LOTE). */
  readonly ingestaLote: number;
  /** Group commits in flight at once (CONVERSIONES_INGESTA_CONCURRENCIA). */
  readonly ingestaConcurrencia: number;
  /** Commands waiting beyond this answer 503 at once instead of piling up (CONVERSIONES_INGESTA_MAX_EN_COLA). */
  readonly ingestaMaxEnCola: number;
  /** Processor batch size and fill wait (CONVERSIONES_PROCESADOR_LOTE, CONVERSIONES_PROCESADOR_ESPERA_MS). */
  readonly procesadorLote: number;
  readonly procesadorEsperaMs: number;
  /**
   * Batch consumers of `tracking.comandos` in this instance (CONVERSIONES_PROCESADOR_CONSUMIDORES): the subscription
   * is Key_Shared, so each takes its share of the campaigns and their batches commit concurrently, per-key order kept.
   */
  readonly procesadorConsumidores: number;
  /** How often pending conversions are re-evaluated (CONVERSIONES_PENDIENTES_INTERVALO_MS). */
  readonly pendientesIntervaloMs: number;
  /** How often the in-memory projections catch up with the tables (CONVERSIONES_PROYECCIONES_REFRESCO_MS). */
  readonly proyeccionesRefrescoMs: number;
  /** Outbox rows the relay sends per round (CONVERSIONES_RELAY_LOTE): every event crosses the outbox twice. */
  readonly relayLote: number;
  /** Published outbox rows are deleted after this many days (CONVERSIONES_OUTBOX_RETENCION_DIAS; 0 keeps them). */
  readonly outboxRetencionDias: number;
  /**
   * Back-pressure (see `AdmisionIngesta`): impressions and clicks are refused (503 `TRACKING.SOBRECARGA`) while the
   * backlog of accepted, unprocessed work reaches this many events (CONVERSIONES_ADMISION_UMBRAL_TRACKING; 0 = off).
   */
  readonly admisionUmbralTracking: number;
  /** Same for conversions and reverts, refused only at this higher backlog (CONVERSIONES_ADMISION_UMBRAL_DINERO; 0 = off). */
  readonly admisionUmbralDinero: number;
  /** How often the backlog is measured (CONVERSIONES_ADMISION_MUESTREO_MS): never per request. */
  readonly admisionMuestreoMs: number;
}

/** The processor's subscription of `tracking.comandos` (its backlog is part of what back-pressure measures). */
export const SUSCRIPCION_PROCESADOR = 'conversiones.procesador';

export const CONVERSIONES_CONFIG = Symbol('CONVERSIONES_CONFIG');

const DEFAULTS: Readonly<Record<keyof ConversionesConfig, [string, number, number]>> = {
  // [env name, default, minimum]
  graciaClickMs: ['CONVERSIONES_GRACIA_CLICK_MS', 30_000, 0],
  umbralClicksPorIpMinuto: ['CONVERSIONES_UMBRAL_CLICKS_IP_MINUTO', 20, 1],
  ingestaEsperaMs: ['CONVERSIONES_INGESTA_ESPERA_MS', 5, 0],
  ingestaLote: ['CONVERSIONES_INGESTA_LOTE', 500, 1],
  ingestaConcurrencia: ['CONVERSIONES_INGESTA_CONCURRENCIA', 4, 1],
  ingestaMaxEnCola: ['CONVERSIONES_INGESTA_MAX_EN_COLA', 50_000, 1],
  procesadorLote: ['CONVERSIONES_PROCESADOR_LOTE', 500, 1],
  procesadorEsperaMs: ['CONVERSIONES_PROCESADOR_ESPERA_MS', 20, 0],
  procesadorConsumidores: ['CONVERSIONES_PROCESADOR_CONSUMIDORES', 2, 1],
  pendientesIntervaloMs: ['CONVERSIONES_PENDIENTES_INTERVALO_MS', 2_000, 50],
  proyeccionesRefrescoMs: ['CONVERSIONES_PROYECCIONES_REFRESCO_MS', 2_000, 100],
  relayLote: ['CONVERSIONES_RELAY_LOTE', 1_000, 1],
  outboxRetencionDias: ['CONVERSIONES_OUTBOX_RETENCION_DIAS', 1, 0],
  admisionUmbralTracking: ['CONVERSIONES_ADMISION_UMBRAL_TRACKING', 10_000, 0],
  admisionUmbralDinero: ['CONVERSIONES_ADMISION_UMBRAL_DINERO', 40_000, 0],
  admisionMuestreoMs: ['CONVERSIONES_ADMISION_MUESTREO_MS', 1_000, 100],
};

/** Reads every setting through `setting(name)` (env or test overrides); a malformed value fails the start. */
export function leerConfiguracion(setting: (name: string) => string | undefined): ConversionesConfig {
  const out: Partial<Record<keyof ConversionesConfig, number>> = {};
  for (const [key, [env, fallback, min]] of Object.entries(DEFAULTS) as [keyof ConversionesConfig, [string, number, number]][]) {
    const raw = setting(env);
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`${env} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
    }
    out[key] = value;
  }
  const c = out as ConversionesConfig;
  if (c.admisionUmbralTracking > 0 && c.admisionUmbralDinero > 0 && c.admisionUmbralDinero < c.admisionUmbralTracking) {
    // Money must get in while impressions are refused, never the other way round.
    throw new Error(
      `CONVERSIONES_ADMISION_UMBRAL_DINERO (${c.admisionUmbralDinero}) must be >= CONVERSIONES_ADMISION_UMBRAL_TRACKING (${c.admisionUmbralTracking})`,
    );
  }
  return c;
}
