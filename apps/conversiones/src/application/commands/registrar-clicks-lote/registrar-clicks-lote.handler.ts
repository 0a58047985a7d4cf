import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { CLICKS_CONOCIDOS, clickDelComando, type ClicksConocidos } from '../../ports/clicks-conocidos.port';
import { COLA_INGESTA, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { PROYECCIONES_LECTURA, type ProyeccionesLectura } from '../../ports/proyecciones.port';
import { registrarLote, type ResultadoLote } from '../shared/registrar-lote';
import { comandoClick } from '../shared/tracking-solicitado';
import { RegistrarClicksLoteCommand } from './registrar-clicks-lote.command';

/** Many clicks in one request: each is checked on its own; the accepted ones are stored together. */
@Injectable()
export class RegistrarClicksLoteHandler implements ICommandHandler<RegistrarClicksLoteCommand, ResultadoLote> {
  constructor(
    @Inject(PROYECCIONES_LECTURA) private readonly proyecciones: ProyeccionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
    @Inject(CLICKS_CONOCIDOS) private readonly clicks: ClicksConocidos,
  ) {}

  execute(command: RegistrarClicksLoteCommand): Promise<ResultadoLote> {
    const quien = { correlationId: command.correlationId, actor: command.actor };
    const ahora = Date.now();
    return registrarLote(
      command.items,
      (item) => comandoClick(item, this.proyecciones, quien, ahora),
      this.cola,
      (aceptado) => {
        const conocido = clickDelComando(aceptado);
        if (conocido) this.clicks.recordar(...conocido);
      },
    );
  }
}
