import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { COLA_INGESTA, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { PROYECCIONES_LECTURA, type ProyeccionesLectura } from '../../ports/proyecciones.port';
import { registrarLote, type ResultadoLote } from '../shared/registrar-lote';
import { comandoImpresion } from '../shared/tracking-solicitado';
import { RegistrarImpresionesLoteCommand } from './registrar-impresiones-lote.command';

/** Many impressions in one request: each is checked on its own; the accepted ones are stored together. */
@Injectable()
export class RegistrarImpresionesLoteHandler implements ICommandHandler<RegistrarImpresionesLoteCommand, ResultadoLote> {
  constructor(
    @Inject(PROYECCIONES_LECTURA) private readonly proyecciones: ProyeccionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
  ) {}

  execute(command: RegistrarImpresionesLoteCommand): Promise<ResultadoLote> {
    const quien = { correlationId: command.correlationId, actor: command.actor };
    const ahora = Date.now();
    return registrarLote(command.items, (item) => comandoImpresion(item, this.proyecciones, quien, ahora), this.cola);
  }
}
