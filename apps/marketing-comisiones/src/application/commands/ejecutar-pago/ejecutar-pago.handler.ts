import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { createLogger } from '@alpes/messaging';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import type { Pago } from '../../../domain/pago/pago.aggregate';
import { PagoErrors } from '../../../domain/pago/pago.errors';
import { PAGO_REPOSITORY, type PagoRepository } from '../../../domain/pago/pago.repository.port';
import type { Transaccion } from '../../../domain/shared/transaccion';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { CONFIGURACION_PAGOS, type ConfiguracionPagos } from '../../ports/configuracion-pagos.port';
import { PROVEEDOR_PAGOS, type ProveedorPagos, type ResultadoProveedor } from '../../ports/proveedor-pagos.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { EjecutarPagoCommand } from './ejecutar-pago.command';

interface Bloqueados {
  readonly pago: Pago;
  readonly comisiones: Comision[];
}

/**
 * Two transactions around the provider call, so that no database lock is held while money moves and a payout can
 * never be paid twice: (1) PROGRAMADO → EN_PROCESO (a concurrent or repeated `ejecutar` gets 409), commit; call the
 * provider (idempotency key = payout id); (2) EN_PROCESO → PAGADO (commissions PAGADA) or FALLIDO (commissions back
 * to APROBADA). A process that dies between (1) and (2) leaves the payout EN_PROCESO; once it has been so for
 * `reanudarEnProcesoTrasMs`, `ejecutar` resumes it: (1) renews its lease, the provider is asked again with the same
 * idempotency key, (2) settles it — never paid twice, never stuck. Budgets are not touched here: a commission
 * reverted while in a payout gave its budget back when it was reverted.
 */
@Injectable()
export class EjecutarPagoHandler implements ICommandHandler<EjecutarPagoCommand, Pago> {
  private readonly log = createLogger('ejecutar-pago');

  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(PAGO_REPOSITORY) private readonly pagos: PagoRepository,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(PROVEEDOR_PAGOS) private readonly proveedor: ProveedorPagos,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(CONFIGURACION_PAGOS) private readonly configuracion: ConfiguracionPagos,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  async execute(command: EjecutarPagoCommand): Promise<Pago> {
    const traza = { correlationId: command.correlationId };
    const inicio = await this.uow.run(async (tx) => {
      const { pago, comisiones } = await this.bloquear(tx, command.pagoId);
      let ejecutar: boolean;
      if (pago.estado === 'EN_PROCESO') {
        // Whatever happened to its commissions meanwhile, the provider may already have paid: only its answer settles it.
        pago.reanudarEjecucion(this.reloj.ahora(), this.configuracion.reanudarEnProcesoTrasMs());
        this.log.warn({ pago_id: pago.id }, 'payout left EN_PROCESO resumed: the provider is asked again with the same idempotency key');
        ejecutar = true;
      } else {
        ejecutar = pago.iniciarEjecucion(comisiones, this.reloj.ahora(), traza);
      }
      await this.persistir(tx, pago, comisiones);
      if (!ejecutar) await this.auditar(tx, pago, command.correlationId);
      return { pago, ejecutar };
    });
    if (!inicio.ejecutar) return inicio.pago;

    const resultado = await this.pagar(inicio.pago);
    return this.uow.run(async (tx) => {
      const { pago, comisiones } = await this.bloquear(tx, command.pagoId);
      const ahora = this.reloj.ahora();
      let nuevas: Comision[] = [];
      if (resultado.exito) nuevas = pago.registrarExito(resultado.referencia, comisiones, ahora, randomUUID, traza);
      else pago.registrarFallo(resultado.motivo, comisiones, ahora, traza);
      await this.persistir(tx, pago, [...comisiones, ...nuevas]);
      await this.auditar(tx, pago, command.correlationId);
      return pago;
    });
  }

  private async pagar(pago: Pago): Promise<ResultadoProveedor> {
    try {
      return await this.proveedor.pagar({ pagoId: pago.id, afiliadoId: pago.afiliadoId, monto: pago.monto });
    } catch (error) {
      // Breach of the port's contract: we cannot know whether money moved, so the payout stays EN_PROCESO.
      this.log.error({ pago_id: pago.id, err: error instanceof Error ? error.message : String(error) }, 'payment provider threw; payout left EN_PROCESO');
      throw error;
    }
  }

  /** Locks in the order payout → commissions (no campaign is locked: payouts never move budget). */
  private async bloquear(tx: Transaccion, pagoId: string): Promise<Bloqueados> {
    const pago = await this.pagos.findByIdParaActualizar(tx, pagoId);
    if (!pago) throw PagoErrors.noEncontrado(pagoId);
    const comisiones = await this.comisiones.findByPagoParaActualizar(tx, pago.id);
    return { pago, comisiones };
  }

  private async persistir(tx: Transaccion, pago: Pago, comisiones: Comision[]): Promise<void> {
    await this.pagos.guardar(tx, pago);
    await this.comisiones.guardar(tx, comisiones);
  }

  private auditar(tx: Transaccion, pago: Pago, correlationId: string): Promise<void> {
    return this.auditoria.registrar(tx, {
      accion: 'EJECUTAR_PAGO',
      recurso: 'pago',
      recursoId: pago.id,
      detalle: `estado=${pago.estado}`,
      correlationId,
    });
  }
}
