import { AggregateRoot } from '@alpes/seedwork';
import { ImpresionRegistrada, type ImpresionRegistradaPayload } from './tracking.events';

export type DatosImpresion = ImpresionRegistradaPayload;

export interface MetaEvento {
  /** Event id to use (e.g. derived from the command); fresh otherwise. */
  eventId?: string;
  occurredAt?: Date;
  correlationId?: string;
  causationId?: string;
}

/** One impression: a single-event stream (`ImpresionRegistrada`) in the event store. */
export class Impresion extends AggregateRoot<DatosImpresion> {
  static registrar(datos: DatosImpresion, meta: MetaEvento = {}): Impresion {
    const impresion = new Impresion({ id: datos.id, props: datos });
    impresion.addEvent(new ImpresionRegistrada({ aggregateId: datos.id, payload: datos, ...meta }));
    return impresion;
  }
}
