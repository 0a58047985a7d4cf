/**
 * Which campaign a click belongs to, for keying a conversion that names only `click_id` (same key as its click, so
 * the processor sees the click first). Clicks accepted by this instance are remembered; others are looked up among
 * the processed ones.
 */
export interface ClicksConocidos {
  recordar(clickId: string, campanaId: string): void;
  campanaDe(clickId: string): Promise<string | null>;
}

export const CLICKS_CONOCIDOS = Symbol('CLICKS_CONOCIDOS');
