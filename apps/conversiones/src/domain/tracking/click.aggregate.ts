import { AggregateRoot } from '@alpes/seedwork';
import type { MetaEvento } from './impresion.aggregate';
import { ClickRegistrado, type ClickRegistradoPayload, type MarcaFraudeClick } from './tracking.events';

export type DatosClick = ClickRegistradoPayload;

interface ClickState extends DatosClick {
  marca: MarcaFraudeClick | null;
}

/**
 * One click: a single-event stream (`ClickRegistrado`). A click found to be part of a flood is still recorded, with
 * its mark, so that it can be counted and so that conversions on it are refused (`CLICK_FLOODING`).
 */
export class Click extends AggregateRoot<ClickState> {
  static registrar(datos: DatosClick, marca: MarcaFraudeClick | null, meta: MetaEvento = {}): Click {
    const click = new Click({ id: datos.id, props: { ...datos, marca } });
    click.addEvent(new ClickRegistrado({ aggregateId: datos.id, payload: datos, marca, ...meta }));
    return click;
  }

  get marca(): MarcaFraudeClick | null {
    return this.props.marca;
  }

  get fraudulento(): boolean {
    return this.props.marca !== null;
  }
}
