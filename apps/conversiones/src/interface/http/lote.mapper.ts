import { STATUS_OF_KIND } from '@alpes/platform';
import type { ResultadoLote } from '../../application/commands/shared/registrar-lote';
import type { LoteResponseDto } from './tracking.response.dto';

export function respuestaLote(r: ResultadoLote): LoteResponseDto {
  return {
    aceptados: r.aceptados,
    ids: r.ids,
    rechazados: r.rechazados.map(({ indice, error }) => ({ indice, statusCode: STATUS_OF_KIND[error.kind], code: error.code, message: error.message })),
  };
}
