declare const marcaTransaccion: unique symbol;

/**
 * An open database transaction, opaque to the domain and the application: repositories receive it so that several
 * aggregates (and their outgoing events) are written atomically. Only the persistence adapter knows what it is.
 */
export type Transaccion = { readonly [marcaTransaccion]: true };
