import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import { ConversionNoEncontradaError } from '../../../domain/conversion/conversion.errors';
import { CONVERSIONES_LECTURA, type ConversionesLectura } from '../../ports/conversiones-lectura.port';
import { vistaDeAceptada, vistaDeConversion, type ConversionView } from './conversion.view';
import { ObtenerConversionQuery } from './obtener-conversion.query';

/**
 * The conversion's state rebuilt from its events in the event store. Accepted but not processed yet (its command is
 * still on its way through `tracking.comandos`): REGISTRADA with `procesada: false` and an empty history. Never
 * accepted: 404.
 */
@Injectable()
export class ObtenerConversionHandler implements IQueryHandler<ObtenerConversionQuery, ConversionView> {
  constructor(@Inject(CONVERSIONES_LECTURA) private readonly conversiones: ConversionesLectura) {}

  async execute(query: ObtenerConversionQuery): Promise<ConversionView> {
    const conversion = await this.conversiones.cargar(query.id);
    if (conversion) return vistaDeConversion(conversion);
    const aceptada = await this.conversiones.aceptada(query.id);
    if (aceptada) return vistaDeAceptada(aceptada);
    throw new ConversionNoEncontradaError(query.id);
  }
}
