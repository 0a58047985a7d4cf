import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PulsarContext, type ReceivedEvent } from '@alpes/messaging';
import { ProyectarAfiliadoHandler } from '../../application/event-handlers/proyectar-afiliado.handler';
import { transaccionDe } from '../../infrastructure/persistence/transaccion';

/**
 * `afiliados.eventos` (subscription `marketing-comisiones.afiliados`): the local projection of affiliates. Each handler
 * runs inside the inbox transaction (`ctx.getEntityManager()`), so the projection row and the inbox row commit
 * together; a redelivered event is skipped by the inbox.
 */
@Controller()
export class AfiliadosConsumer {
  constructor(private readonly proyectar: ProyectarAfiliadoHandler) {}

  @EventPattern('AfiliadoRegistrado')
  registrado(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyectar.handle(event, transaccionDe(ctx.getEntityManager()));
  }

  @EventPattern('AfiliadoActivado')
  activado(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyectar.handle(event, transaccionDe(ctx.getEntityManager()));
  }

  @EventPattern('AfiliadoSuspendido')
  suspendido(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyectar.handle(event, transaccionDe(ctx.getEntityManager()));
  }

  @EventPattern('AfiliadoReactivado')
  reactivado(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyectar.handle(event, transaccionDe(ctx.getEntityManager()));
  }

  @EventPattern('ConfiguracionComisionesActualizada')
  configuracion(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyectar.handle(event, transaccionDe(ctx.getEntityManager()));
  }
}
