import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RegistrarConversion } from '@alpes/contracts';
import { Money, ValidationError, type ICommandHandler } from '@alpes/seedwork';
import { clickNoCorresponde } from '../../../domain/atribucion/atribucion.policy';
import { ClickNoCorrespondeError, ConversionIdDuplicadoError } from '../../../domain/conversion/conversion.errors';
import { esMonedaIso4217 } from '../../../domain/shared/moneda';
import { AfiliadoDesconocidoError, CampanaDesconocidaError } from '../../../domain/tracking/tracking.errors';
import { CLICKS_CONOCIDOS, type ClicksConocidos } from '../../ports/clicks-conocidos.port';
import { COLA_INGESTA, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { PROYECCIONES_LECTURA, type ProyeccionesLectura } from '../../ports/proyecciones.port';
import { RegistrarConversionCommand } from './registrar-conversion.command';

export interface ConversionAceptadaRespuesta {
  readonly id: string;
  readonly estado: 'REGISTRADA';
}

/**
 * Accepts a conversion: the amount must be exact in its currency; a conversion naming `afiliado_id` + `campana_id`
 * must name known ones (404); a conversion naming a click this service already knows together with another
 * `campana_id`/`afiliado_id` is refused at once (422 `CONVERSION.CLICK_NO_CORRESPONDE`; when the click is still in
 * flight the processor applies the same rule: `RECHAZADA` with motivo `CLICK_NO_CORRESPONDE`); every other rule is
 * the processor's (a refusal becomes `ConversionRechazada`).
 *
 * Message key: the campaign, so the conversion follows its click on the same partition. For a conversion that only
 * names `click_id`, the click's campaign when this service knows the click (accepted here or already processed);
 * otherwise the click_id itself (the processor then waits for the click during the grace period if needed).
 */
@Injectable()
export class RegistrarConversionHandler implements ICommandHandler<RegistrarConversionCommand, ConversionAceptadaRespuesta> {
  constructor(
    @Inject(PROYECCIONES_LECTURA) private readonly proyecciones: ProyeccionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
    @Inject(CLICKS_CONOCIDOS) private readonly clicks: ClicksConocidos,
  ) {}

  async execute(command: RegistrarConversionCommand): Promise<ConversionAceptadaRespuesta> {
    const d = command.datos;
    if (!esMonedaIso4217(d.moneda)) {
      throw new ValidationError('CONVERSION.MONEDA_INVALIDA', `moneda ${d.moneda} is not an ISO 4217 currency`, { details: { moneda: d.moneda }, field: 'moneda' });
    }
    // Refuses more decimals than the currency has (MONEY.MONTO_INVALIDO, 400): money stays exact.
    const valor = Money.of(String(d.valor_conversion), d.moneda, 'valor_conversion');
    let key: string;
    if (d.click_id === undefined) {
      const campanaId = d.campana_id;
      const afiliadoId = d.afiliado_id;
      if (campanaId === undefined || afiliadoId === undefined) {
        throw new ValidationError('CONVERSION.ATRIBUCION_REQUERIDA', 'A conversion names click_id, or afiliado_id and campana_id');
      }
      if (!this.proyecciones.campana(campanaId)) throw new CampanaDesconocidaError(campanaId);
      if (!this.proyecciones.afiliado(afiliadoId)) throw new AfiliadoDesconocidoError(afiliadoId);
      key = campanaId;
    } else {
      const click = await this.clicks.buscar(d.click_id);
      if (click) {
        const motivo = clickNoCorresponde({ campanaId: d.campana_id ?? null, afiliadoId: d.afiliado_id ?? null }, { id: d.click_id, ...click });
        if (motivo) throw new ClickNoCorrespondeError(d.click_id, motivo);
      }
      key = click?.campanaId ?? d.campana_id ?? d.click_id;
    }
    const id = d.id ?? randomUUID();
    const payload: RegistrarConversion = {
      id,
      click_id: d.click_id ?? null,
      afiliado_id: d.afiliado_id ?? null,
      campana_id: d.campana_id ?? null,
      tipo_conversion: d.tipo_conversion,
      valor_conversion: valor.toFixed(),
      moneda: valor.currency,
      referencia_externa: d.referencia_externa ?? null,
      usuario_id: d.usuario_id ?? null,
      timestamp: d.timestamp ?? Date.now(),
    };
    const [resultado] = await this.cola.encolar([
      {
        comando: { eventType: 'RegistrarConversion', payload, key },
        correlationId: command.correlationId,
        actor: command.actor,
        huella: huellaDe(d, valor),
        auditar: { accion: 'RegistrarConversion', recurso: 'conversion' },
      },
    ]);
    if (resultado === 'CONFLICTO') throw new ConversionIdDuplicadoError(id);
    return { id, estado: 'REGISTRADA' };
  }
}

/** What the client sent (not what was filled in), so that a retry without `timestamp` still matches. */
function huellaDe(d: RegistrarConversionCommand['datos'], valor: Money): string {
  const contenido = [d.click_id, d.afiliado_id, d.campana_id, d.tipo_conversion, valor.toFixed(), valor.currency, d.referencia_externa, d.usuario_id, d.timestamp];
  return createHash('sha256')
    .update(JSON.stringify(contenido.map((v) => v ?? null)))
    .digest('hex');
}
