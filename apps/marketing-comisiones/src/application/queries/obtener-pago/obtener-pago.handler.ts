import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler } from '@alpes/seedwork';
import type { Pago } from '../../../domain/pago/pago.aggregate';
import { PagoErrors } from '../../../domain/pago/pago.errors';
import { PAGO_REPOSITORY, type PagoRepository } from '../../../domain/pago/pago.repository.port';
import type { ObtenerPagoQuery } from './obtener-pago.query';

@Injectable()
export class ObtenerPagoHandler implements IQueryHandler<ObtenerPagoQuery, Pago> {
  constructor(@Inject(PAGO_REPOSITORY) private readonly pagos: PagoRepository) {}

  async execute(query: ObtenerPagoQuery): Promise<Pago> {
    const pago = await this.pagos.findById(query.pagoId);
    if (!pago) throw PagoErrors.noEncontrado(query.pagoId);
    return pago;
  }
}
