import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { currencyMinorUnits, DomainError, Money, Percentage, type ICommandHandler } from '@alpes/seedwork';
import { AFILIADOS_PROYECCION_REPOSITORY, type AfiliadosProyeccionRepository } from '../../../domain/afiliado/afiliado-proyeccion.repository.port';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import { Comision } from '../../../domain/comision/comision.aggregate';
import { ComisionErrors } from '../../../domain/comision/comision.errors';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import { assertMoneda } from '../../../domain/shared/moneda';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { CrearComisionManualCommand, CrearComisionManualInput } from './crear-comision-manual.command';

/**
 * Manual commission (seed 003). `porcentual`: porcentaje % of valor_conversion (modelo CPS); `fija`: monto (modelo
 * CPA). With a campana_id the campaign must exist, the currency is the campaign's, and the amount is taken from its
 * budget — refused (422) rather than capped when it does not fit, since an operator chose it. Without a campaign,
 * moneda is required and no budget is involved. One commission per conversion id (409 otherwise).
 *
 * Amounts are exact in the currency: `monto` and `valor_conversion` with more decimals than its minor unit (33.333 USD,
 * 100.5 JPY) are refused (400 MONEY.MONTO_INVALIDO, `details.campo` naming the field), never rounded; a commission of 0 is refused
 * (400 COMISION.MONTO_NO_POSITIVO naming the field): it could never be paid.
 */
@Injectable()
export class CrearComisionManualHandler implements ICommandHandler<CrearComisionManualCommand, Comision> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AFILIADOS_PROYECCION_REPOSITORY) private readonly afiliados: AfiliadosProyeccionRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: CrearComisionManualCommand): Promise<Comision> {
    const { input } = command;
    validarForma(input);
    return this.uow.run(async (tx) => {
      const ahora = this.reloj.ahora();
      const traza = { correlationId: command.correlationId };
      // The campaign first: every path that touches a campaign and its commissions locks in that order.
      let campana: Campana | null = null;
      if (input.campanaId) {
        campana = await this.campanas.findByIdParaActualizar(tx, input.campanaId);
        if (!campana) throw CampanaErrors.noEncontrada(input.campanaId);
      }
      const existente = (await this.comisiones.findByConversionIdsParaActualizar(tx, [input.conversionId])).get(input.conversionId);
      if (existente) throw ComisionErrors.conversionDuplicada(input.conversionId, existente.id);
      if (!(await this.afiliados.findById(input.afiliadoId, tx))) throw ComisionErrors.afiliadoDesconocido(input.afiliadoId);

      const moneda = input.moneda ?? campana?.moneda;
      if (!moneda) throw ComisionErrors.datosIncompletos('moneda', 'moneda is required for a commission without campana_id');
      assertMoneda(moneda);
      if (campana && moneda !== campana.moneda) throw ComisionErrors.monedaDistinta(moneda, campana.moneda);

      const { monto, base, porcentaje, modelo } = calcular(input, moneda);
      if (campana) {
        if (monto.greaterThan(campana.presupuestoDisponible)) {
          throw CampanaErrors.presupuestoInsuficiente(campana.id, campana.presupuestoDisponible.toFixed(), monto.toFixed());
        }
        campana.consumirPresupuesto(monto, ahora, traza);
      }
      const comision = Comision.calcular({
        id: randomUUID(),
        tipo: 'MANUAL',
        conversionId: input.conversionId,
        afiliadoId: input.afiliadoId,
        campanaId: campana?.id ?? null,
        modelo,
        base,
        porcentaje,
        monto,
        valorConversion: input.valorConversion ?? null,
        monedaConversion: input.valorConversion ? moneda : null,
        ahora,
        traza,
      });
      await this.comisiones.guardar(tx, [comision]);
      if (campana) await this.campanas.guardar(tx, campana);
      await this.auditoria.registrar(tx, {
        accion: 'CREAR_COMISION',
        recurso: 'comision',
        recursoId: comision.id,
        detalle: `conversion_id=${input.conversionId}`,
        correlationId: command.correlationId,
      });
      return comision;
    });
  }
}

function validarForma(input: CrearComisionManualInput): void {
  if (input.tipoComision === 'porcentual') {
    if (input.porcentaje == null) throw ComisionErrors.datosIncompletos('porcentaje', 'porcentaje is required for tipo_comision porcentual');
    if (input.valorConversion == null) {
      throw ComisionErrors.datosIncompletos('valor_conversion', 'valor_conversion is required for tipo_comision porcentual');
    }
  } else if (input.monto == null) {
    throw ComisionErrors.datosIncompletos('monto', 'monto is required for tipo_comision fija');
  }
}

function calcular(input: CrearComisionManualInput, moneda: string) {
  if (input.tipoComision === 'porcentual') {
    const porcentaje = Percentage.of(input.porcentaje as string);
    const venta = montoExacto(input.valorConversion as string, moneda, 'valor_conversion');
    if (!venta.isPositive()) throw ComisionErrors.montoNoPositivo('valor_conversion');
    if (porcentaje.toDecimal().isZero()) throw ComisionErrors.montoNoPositivo('porcentaje');
    const monto = venta.percentage(porcentaje);
    if (monto.isZero()) throw ComisionErrors.comisionCero('porcentaje', moneda);
    return { monto, base: venta.toFixed(), porcentaje, modelo: 'CPS' as const };
  }
  const monto = montoExacto(input.monto as string, moneda, 'monto');
  if (!monto.isPositive()) throw ComisionErrors.montoNoPositivo('monto');
  return { monto, base: monto.toFixed(), porcentaje: null, modelo: 'CPA' as const };
}

/** `Money.of`, with a refusal for too many decimals that names the request field. */
function montoExacto(valor: string, moneda: string, campo: string): Money {
  try {
    return Money.of(valor, moneda);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'MONEY.MONTO_INVALIDO' && error.details?.['reason'] === 'demasiados_decimales') {
      throw ComisionErrors.decimalesExcedidos(campo, moneda, currencyMinorUnits(moneda));
    }
    throw error;
  }
}
