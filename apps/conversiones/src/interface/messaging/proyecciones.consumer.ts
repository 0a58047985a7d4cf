import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PulsarContext, ReceivedEvent } from '@alpes/messaging';
import {
  ActualizarProyeccionesHandler,
  EVENTOS_AFILIADOS,
  EVENTOS_CAMPANAS,
} from '../../application/proyecciones/actualizar-proyecciones.handler';

/**
 * Local projections of affiliates (`afiliados.eventos`, subscription `conversiones.afiliados`) and campaigns
 * (`marketing.eventos`, subscription `conversiones.campanas`), one inbox transaction per event (low volume). Other
 * event types of those topics are acked without effect.
 */
@Controller()
export class ProyeccionesConsumer {
  constructor(private readonly proyecciones: ActualizarProyeccionesHandler) {}

  @EventPattern([...EVENTOS_AFILIADOS])
  onAfiliado(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyecciones.handle(event, ctx.getEntityManager());
  }

  @EventPattern([...EVENTOS_CAMPANAS])
  onCampana(@Payload() event: ReceivedEvent, @Ctx() ctx: PulsarContext): Promise<void> {
    return this.proyecciones.handle(event, ctx.getEntityManager());
  }
}
