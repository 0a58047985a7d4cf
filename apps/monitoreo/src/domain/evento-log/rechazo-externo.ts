/**
 * A message of an outside system's JSON topic (`clicks`, `conversions`, `sales`) that could not enter the log: it went
 * to the dead-letter topic, and is counted per source topic and reason. `id` identifies the message (a redelivered
 * copy has the same one), so it is counted once.
 */
export interface RechazoExterno {
  readonly id: string;
  readonly sourceTopic: string;
  /** Stable and short, what the counts group by: `invalid JSON`, `missing user_id`, `invalid timestamp`… */
  readonly motivo: string;
  /** The message's `dlq_reason`. */
  readonly detalle: string;
  readonly recibidoEn: Date;
}

/** Why the library refused a message before it reached the log (its `dlq_reason`) → the reason it is counted under. */
export function motivoDeVeneno(dlqReason: string): string {
  if (dlqReason.startsWith('invalid JSON')) return 'invalid JSON';
  if (dlqReason === 'JSON payload is not an object') return 'not a JSON object';
  return dlqReason.slice(0, 100);
}
