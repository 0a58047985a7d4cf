/**
 * Click flooding: more than `umbral` clicks from one IP address on one campaign within one calendar minute. The
 * clicks past the threshold are marked (the first `umbral` of the minute are fine), counted, and never billed.
 */
export class ClickFloodingPolicy {
  constructor(readonly umbralPorMinuto: number) {
    if (!Number.isSafeInteger(umbralPorMinuto) || umbralPorMinuto < 1) {
      throw new Error(`ClickFloodingPolicy: the threshold must be a positive integer, got ${umbralPorMinuto}`);
    }
  }

  /** The counting bucket of a click: the minute of its timestamp. */
  static minutoDe(timestamp: number): number {
    return Math.floor(timestamp / 60_000);
  }

  /** Whether the n-th click (1-based) of an IP on a campaign within one minute is a flood click. */
  esFlooding(posicionEnElMinuto: number): boolean {
    return posicionEnElMinuto > this.umbralPorMinuto;
  }

  /**
   * Given how many clicks the (campaign, IP, minute) had before (`previos`) and how many arrive now (`nuevos`), in
   * arrival order, which of the new ones are flood clicks.
   */
  marcar(previos: number, nuevos: number): boolean[] {
    return Array.from({ length: nuevos }, (_, i) => this.esFlooding(previos + i + 1));
  }
}
