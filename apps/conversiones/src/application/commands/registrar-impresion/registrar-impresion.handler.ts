import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { COLA_INGESTA, idDelComando, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { PROYECCIONES_LECTURA, type ProyeccionesLectura } from '../../ports/proyecciones.port';
import { comandoImpresion } from '../shared/tracking-solicitado';
import { RegistrarImpresionCommand } from './registrar-impresion.command';

/** Checks the impression against the projections and hands `RegistrarImpresion` to the ingest queue. */
@Injectable()
export class RegistrarImpresionHandler implements ICommandHandler<RegistrarImpresionCommand, { id: string }> {
  constructor(
    @Inject(PROYECCIONES_LECTURA) private readonly proyecciones: ProyeccionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
  ) {}

  async execute(command: RegistrarImpresionCommand): Promise<{ id: string }> {
    const item = comandoImpresion(command.datos, this.proyecciones, { correlationId: command.correlationId, actor: command.actor }, Date.now());
    await this.cola.encolar([item]);
    return { id: idDelComando(item.comando) };
  }
}
