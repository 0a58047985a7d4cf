import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { CLICKS_CONOCIDOS, clickDelComando, type ClicksConocidos } from '../../ports/clicks-conocidos.port';
import { COLA_INGESTA, idDelComando, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { PROYECCIONES_LECTURA, type ProyeccionesLectura } from '../../ports/proyecciones.port';
import { comandoClick } from '../shared/tracking-solicitado';
import { RegistrarClickCommand } from './registrar-click.command';

/** Checks the click against the projections and hands `RegistrarClick` to the ingest queue; its id is the click_id. */
@Injectable()
export class RegistrarClickHandler implements ICommandHandler<RegistrarClickCommand, { id: string }> {
  constructor(
    @Inject(PROYECCIONES_LECTURA) private readonly proyecciones: ProyeccionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
    @Inject(CLICKS_CONOCIDOS) private readonly clicks: ClicksConocidos,
  ) {}

  async execute(command: RegistrarClickCommand): Promise<{ id: string }> {
    const item = comandoClick(command.datos, this.proyecciones, { correlationId: command.correlationId, actor: command.actor }, Date.now());
    await this.cola.encolar([item]);
    const id = idDelComando(item.comando);
    const conocido = clickDelComando(item);
    if (conocido) this.clicks.recordar(...conocido);
    return { id };
  }
}
