import type { TopicKey } from '@alpes/contracts';

/**
 * What may differ between a production start and a test start of the same app module: `AppModule.forRoot(runtime)`.
 * Production passes nothing (env decides); integration tests pass a throw-away database and per-run topics.
 */
export interface ServiceRuntimeOptions {
  /** Database name (default: the service's own, or `MYSQL_DATABASE`). */
  readonly database?: string;
  /** Catalog topic → physical topic (default `persistent://alpes/<ns>/<topic>`). */
  readonly resolveTopic?: (key: TopicKey) => string;
  /** Broker HTTP URL (default `PULSAR_HTTP_URL` or http://127.0.0.1:8080). */
  readonly pulsarHttpUrl?: string;
  /** Extra environment-like settings a test wants to force (e.g. `{ PAGOS_SIMULAR_FALLO: 'true' }`). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** A setting: `runtime.settings[name]`, else `process.env[name]`, else `fallback`. */
export function settingOf(runtime: ServiceRuntimeOptions | undefined, name: string, fallback?: string): string | undefined {
  return runtime?.settings?.[name] ?? process.env[name] ?? fallback;
}
