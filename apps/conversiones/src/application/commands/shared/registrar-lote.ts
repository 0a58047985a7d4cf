import { DomainError } from '@alpes/seedwork';
import { idDelComando, type ColaIngesta, type ComandoIngesta } from '../../ports/cola-ingesta.port';

export interface RechazoLote {
  /** Position of the item in the request. */
  readonly indice: number;
  readonly error: DomainError;
}

export interface ResultadoLote {
  readonly aceptados: number;
  /** Ids of the accepted items, in request order. */
  readonly ids: string[];
  readonly rechazados: RechazoLote[];
}

/**
 * Builds every item's command (a business refusal is reported per item, the rest go on), then stores all accepted
 * ones in one hand-off. An unexpected error fails the whole request.
 */
export async function registrarLote<T>(
  items: readonly T[],
  construir: (item: T) => ComandoIngesta,
  cola: ColaIngesta,
  alAceptar?: (comando: ComandoIngesta) => void,
): Promise<ResultadoLote> {
  const aceptados: ComandoIngesta[] = [];
  const rechazados: RechazoLote[] = [];
  items.forEach((item, indice) => {
    try {
      aceptados.push(construir(item));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rechazados.push({ indice, error });
    }
  });
  if (aceptados.length > 0) await cola.encolar(aceptados);
  if (alAceptar) aceptados.forEach(alAceptar);
  return { aceptados: aceptados.length, ids: aceptados.map((a) => idDelComando(a.comando)), rechazados };
}
