import { DomainEvent, type DomainEventProps } from '@alpes/seedwork';

export interface ImpresionRegistradaPayload {
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id: string | null;
  user_agent: string | null;
  ip_address: string | null;
  referrer: string | null;
  /** Epoch milliseconds. */
  timestamp: number;
}

export interface ClickRegistradoPayload {
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id: string | null;
  session_id: string | null;
  url: string | null;
  ip_address: string | null;
  user_agent: string | null;
  referrer: string | null;
  /** Epoch milliseconds. */
  timestamp: number;
}

export class ImpresionRegistrada extends DomainEvent<ImpresionRegistradaPayload> {
  readonly eventType = 'ImpresionRegistrada' as const;
}

/** Why a click is kept out of billing (it stays in the event store, flagged, and is never published). */
export type MarcaFraudeClick = 'CLICK_FLOODING';

export class ClickRegistrado extends DomainEvent<ClickRegistradoPayload> {
  readonly eventType = 'ClickRegistrado' as const;
  /** Set when the click is fraudulent: recorded, counted, never billed. */
  readonly marca: MarcaFraudeClick | null;

  constructor(props: DomainEventProps<ClickRegistradoPayload> & { marca?: MarcaFraudeClick | null }) {
    super(props);
    this.marca = props.marca ?? null;
  }
}
