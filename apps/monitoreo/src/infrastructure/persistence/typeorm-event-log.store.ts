import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccionAuditada } from '../../domain/auditoria/accion-auditada';
import type { EventLogStore } from '../../domain/evento-log/event-log.store.port';
import type { RechazoExterno } from '../../domain/evento-log/rechazo-externo';
import type { RegistroEvento } from '../../domain/evento-log/registro-evento';

/** Rows per INSERT statement (a consumer batch is ~500 events: usually one statement). */
const FILAS_POR_SENTENCIA = 1000;

/**
 * The event log's writes inside a consumer transaction: multi-row INSERTs. A row already there (same event id and
 * source topic) is kept as it is (`ON DUPLICATE KEY UPDATE` of the key to itself), which, unlike INSERT IGNORE, still
 * fails on any other error instead of silently cutting data. No count of new rows is returned: mysql2 connects with
 * CLIENT_FOUND_ROWS, so such a no-op update reports one affected row, exactly like an insert.
 */
export class TypeormEventLogStore implements EventLogStore {
  constructor(private readonly manager: EntityManager) {}

  async registrar(filas: readonly RegistroEvento[]): Promise<void> {
    for (let i = 0; i < filas.length; i += FILAS_POR_SENTENCIA) {
      const lote = filas.slice(i, i + FILAS_POR_SENTENCIA);
      await this.manager.query(
        `INSERT INTO registro_eventos (event_id, event_type, category, user_id, campaign_id, affiliate_id, value, currency, conversion_type,
           occurred_at, source_topic, producer, received_at)
         VALUES ${lote.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(',')}
         ON DUPLICATE KEY UPDATE event_id = event_id`,
        lote.flatMap((f) => [
          f.eventId,
          f.eventType,
          f.categoria,
          f.userId,
          f.campaignId,
          f.affiliateId,
          f.valor,
          f.moneda,
          f.conversionType,
          f.occurredAt,
          f.sourceTopic,
          f.producer,
          f.receivedAt,
        ]),
      );
    }
  }

  async registrarAuditoria(acciones: readonly AccionAuditada[]): Promise<void> {
    for (let i = 0; i < acciones.length; i += FILAS_POR_SENTENCIA) {
      const lote = acciones.slice(i, i + FILAS_POR_SENTENCIA);
      await this.manager.query(
        `INSERT INTO auditoria (event_id, servicio, accion, recurso, recurso_id, actor, resultado, detalle, at, correlation_id, recibido_en)
         VALUES ${lote.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(',')}
         ON DUPLICATE KEY UPDATE event_id = event_id`,
        lote.flatMap((a) => [a.eventId, a.servicio, a.accion, a.recurso, a.recursoId, a.actor, a.resultado, a.detalle, a.at, a.correlationId, a.recibidoEn]),
      );
    }
  }

  async registrarRechazos(rechazos: readonly RechazoExterno[]): Promise<void> {
    if (rechazos.length === 0) return;
    await this.manager.query(
      `INSERT INTO rechazos_externos (id, source_topic, motivo, detalle, recibido_en)
       VALUES ${rechazos.map(() => '(?, ?, ?, ?, ?)').join(',')}
       ON DUPLICATE KEY UPDATE id = id`,
      rechazos.flatMap((r) => [r.id, r.sourceTopic, r.motivo.slice(0, 100), r.detalle.slice(0, 500), r.recibidoEn]),
    );
  }
}

/** Hands the consumers a store bound to their batch's transaction. */
@Injectable()
export class EventLogStoreFactory {
  en(manager: EntityManager): EventLogStore {
    return new TypeormEventLogStore(manager);
  }
}
