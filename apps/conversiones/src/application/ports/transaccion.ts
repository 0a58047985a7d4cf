/**
 * An open database transaction, opaque to the application layer: the interface layer hands it over (the batch
 * consumer's or the inbox's transaction) and infrastructure adapters bind their queries to it.
 */
export type TransaccionAbierta = object;
