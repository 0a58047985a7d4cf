import { esConjunto, type ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';
import { Reconstruccion, type EstadoReconstruccion, type FaseReconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import { ReconstruccionOrmEntity } from './reconstruccion.orm-entity';

export const ReconstruccionMapper = {
  toDomain(row: ReconstruccionOrmEntity): Reconstruccion {
    return Reconstruccion.restaurar(
      row.id,
      {
        estado: row.estado as EstadoReconstruccion,
        fase: row.fase as FaseReconstruccion,
        destino: conjunto(row.destino),
        origen: conjunto(row.origen),
        instancia: row.instancia,
        solicitadaEn: new Date(row.solicitadaEn),
        latidoEn: new Date(row.latidoEn),
        terminadaEn: row.terminadaEn ? new Date(row.terminadaEn) : null,
        eventosAplicados: Number(row.eventosAplicados),
        eventosOmitidos: Number(row.eventosOmitidos),
        error: row.error,
      },
      row.version,
    );
  },

  /** The row as it is to be stored with `version`. */
  toOrm(r: Reconstruccion, version: number): ReconstruccionOrmEntity {
    const p = r.getProps();
    const row = new ReconstruccionOrmEntity();
    Object.assign(row, {
      id: r.id,
      estado: p.estado,
      fase: p.fase,
      destino: p.destino,
      origen: p.origen,
      instancia: p.instancia,
      solicitadaEn: p.solicitadaEn,
      latidoEn: p.latidoEn,
      terminadaEn: p.terminadaEn,
      eventosAplicados: String(p.eventosAplicados),
      eventosOmitidos: String(p.eventosOmitidos),
      error: p.error,
      version,
    } satisfies ReconstruccionOrmEntity);
    return row;
  },
};

function conjunto(value: string): ConjuntoTablas {
  if (!esConjunto(value)) throw new Error(`Invalid projection set ${JSON.stringify(value)} in reconstrucciones`);
  return value;
}
