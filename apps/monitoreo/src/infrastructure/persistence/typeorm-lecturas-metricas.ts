import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CATEGORIAS, type Categoria, type RegistroEvento } from '../../domain/evento-log/registro-evento';
import type { ConteoBucket, ConteoTipo } from '../../domain/metricas/metricas';
import type { EventosRepository, FiltroEventos, LecturasMetricas } from '../../domain/metricas/metricas.repository.port';

const VENTANA = 'occurred_at >= ? AND occurred_at <= ?';

function categoria(valor: string): Categoria {
  return (CATEGORIAS as readonly string[]).includes(valor) ? (valor as Categoria) : 'other';
}

/** The metrics as SQL aggregates over `registro_eventos` (see the indexes of CreateMonitoreo1790000500000). */
@Injectable()
export class TypeormLecturasMetricas implements LecturasMetricas {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async mezcla(desde: Date, hasta: Date): Promise<ConteoTipo[]> {
    const filas: { event_type: string; category: string; n: string }[] = await this.dataSource.query(
      `SELECT event_type, category, COUNT(*) AS n FROM registro_eventos WHERE ${VENTANA} GROUP BY event_type, category`,
      [desde, hasta],
    );
    return filas.map((f) => ({ eventType: f.event_type, categoria: categoria(f.category), n: Number(f.n) }));
  }

  async porBucket(desde: Date, hasta: Date, bucketSegundos: number): Promise<ConteoBucket[]> {
    // TIMESTAMPDIFF between two DATETIMEs ignores the session time zone; both are UTC here.
    const filas: { bucket: string; category: string; n: string }[] = await this.dataSource.query(
      `SELECT TIMESTAMPDIFF(SECOND, ?, occurred_at) DIV ? AS bucket, category, COUNT(*) AS n
         FROM registro_eventos
        WHERE ${VENTANA} AND category <> 'other'
        GROUP BY bucket, category`,
      [desde, bucketSegundos, desde, hasta],
    );
    return filas.map((f) => ({ bucket: Number(f.bucket), categoria: categoria(f.category), n: Number(f.n) }));
  }

  async ventasPorMoneda(desde: Date, hasta: Date): Promise<{ moneda: string; n: number; total: string }[]> {
    const filas: { currency: string; n: string; total: string }[] = await this.dataSource.query(
      `SELECT currency, COUNT(*) AS n, SUM(value) AS total
         FROM registro_eventos
        WHERE category = 'sale' AND ${VENTANA} AND value IS NOT NULL AND currency IS NOT NULL
        GROUP BY currency`,
      [desde, hasta],
    );
    return filas.map((f) => ({ moneda: f.currency, n: Number(f.n), total: String(f.total) }));
  }

  async valorEnRango(moneda: string, desde: Date, hasta: Date, rango: number): Promise<string | null> {
    // Nearest rank: the rango-th smallest value (ORDER BY … LIMIT 1 OFFSET works on MariaDB and MySQL 8 alike).
    const filas: { value: string }[] = await this.dataSource.query(
      `SELECT value FROM registro_eventos
        WHERE category = 'sale' AND ${VENTANA} AND currency = ? AND value IS NOT NULL
        ORDER BY value LIMIT 1 OFFSET ?`,
      [desde, hasta, moneda, rango - 1],
    );
    return filas[0] ? String(filas[0].value) : null;
  }

  async rechazosExternos(): Promise<{ sourceTopic: string; motivo: string; n: number }[]> {
    const filas: { source_topic: string; motivo: string; n: string }[] = await this.dataSource.query(
      `SELECT source_topic, motivo, COUNT(*) AS n FROM rechazos_externos GROUP BY source_topic, motivo ORDER BY source_topic, n DESC, motivo`,
    );
    return filas.map((f) => ({ sourceTopic: f.source_topic, motivo: f.motivo, n: Number(f.n) }));
  }
}

interface FilaEvento {
  event_id: string;
  event_type: string;
  category: string;
  user_id: string | null;
  campaign_id: string | null;
  affiliate_id: string | null;
  value: string | null;
  currency: string | null;
  conversion_type: string | null;
  occurred_at: Date;
  source_topic: string;
  producer: string | null;
  received_at: Date;
}

/** /events: the log newest first, with its filters. */
@Injectable()
export class TypeormEventosRepository implements EventosRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listar(filtro: FiltroEventos, limite: number): Promise<{ items: RegistroEvento[]; total: number }> {
    const condiciones: string[] = [];
    const parametros: unknown[] = [];
    if (filtro.eventType !== undefined) {
      condiciones.push('(event_type = ? OR category = ?)');
      parametros.push(filtro.eventType, filtro.eventType);
    }
    const iguales: [keyof FiltroEventos, string][] = [
      ['userId', 'user_id'],
      ['campaignId', 'campaign_id'],
      ['affiliateId', 'affiliate_id'],
      ['sourceTopic', 'source_topic'],
    ];
    for (const [campo, columna] of iguales) {
      const valor = filtro[campo];
      if (valor === undefined) continue;
      condiciones.push(`${columna} = ?`);
      parametros.push(valor);
    }
    const where = condiciones.length > 0 ? `WHERE ${condiciones.join(' AND ')}` : '';
    // Exactly the leading columns of idx_registro_eventos_tiempo: the newest rows are read backwards off the index
    // (adding `seq` would sort the whole table: 0.3 s instead of 0.2 ms at 240 000 rows).
    const [filas, total]: [FilaEvento[], { n: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT event_id, event_type, category, user_id, campaign_id, affiliate_id, value, currency, conversion_type,
                occurred_at, source_topic, producer, received_at
           FROM registro_eventos ${where}
          ORDER BY occurred_at DESC, received_at DESC
          LIMIT ?`,
        [...parametros, limite],
      ),
      this.dataSource.query(`SELECT COUNT(*) AS n FROM registro_eventos ${where}`, parametros),
    ]);
    return {
      items: filas.map((f) => ({
        eventId: f.event_id,
        eventType: f.event_type,
        categoria: categoria(f.category),
        userId: f.user_id,
        campaignId: f.campaign_id,
        affiliateId: f.affiliate_id,
        valor: f.value === null ? null : String(f.value),
        moneda: f.currency,
        conversionType: f.conversion_type,
        occurredAt: new Date(f.occurred_at),
        sourceTopic: f.source_topic,
        producer: f.producer,
        receivedAt: new Date(f.received_at),
      })),
      total: Number(total[0]?.n ?? 0),
    };
  }
}
