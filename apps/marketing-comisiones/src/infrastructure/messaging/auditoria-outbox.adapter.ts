import { Injectable } from '@nestjs/common';
import { IntegrationEventPublisher } from '@alpes/messaging';
import { auditEvent } from '@alpes/platform';
import type { Auditoria, RegistroAuditoria } from '../../application/ports/auditoria.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { managerDe } from '../persistence/transaccion';

/** `AccionRegistrada` on auditoria.eventos, through the outbox of the command's own transaction. */
@Injectable()
export class AuditoriaOutboxAdapter implements Auditoria {
  constructor(private readonly publisher: IntegrationEventPublisher) {}

  async registrar(tx: Transaccion, registro: RegistroAuditoria): Promise<void> {
    await this.publisher.publish(managerDe(tx), [
      auditEvent({
        servicio: 'marketing-comisiones',
        accion: registro.accion,
        recurso: registro.recurso,
        recurso_id: registro.recursoId,
        detalle: registro.detalle ?? null,
        correlationId: registro.correlationId,
      }),
    ]);
  }
}
