import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { createLogger } from '@alpes/messaging';
import type { Campana } from '../../../domain/campana/campana.aggregate';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import type { Comision } from '../../../domain/comision/comision.aggregate';
import { COMISION_REPOSITORY, type ComisionRepository } from '../../../domain/comision/comision.repository.port';
import type { Devolucion, Pago } from '../../../domain/pago/pago.aggregate';
import { PagoErrors } from '../../../domain/pago/pago.errors';
import { PAGO_REPOSITORY, type PagoRepository } from '../../../domain/pago/pago.repository.port';
import type { Transaccion } from '../../../domain/shared/transaccion';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { PROVEEDOR_PAGOS, type ProveedorPagos, type ResultadoProveedor } from '../../ports/proveedor-pagos.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { EjecutarPagoCommand } from './ejecutar-pago.command';

interface Bloqueados {
  readonly pago: Pago;
  readonly campanas: Map<string, Campana>;
  readonly comisiones: Comision[];
}

/**
 * Two transactions around the provider call, so that no database lock is held while money moves and a payout can
 * never be paid twice: (1) PROGRAMADO → EN_PROCESO (a concurrent or repeated `ejecutar` gets 409), commit; call the
 * provider (idempotency key = payout id); (2) EN_PROCESO → PAGADO (commissions PAGADA) or FALLIDO (commissions back
 * to APROBADA). A process that dies between (1) and (2) leaves the payout EN_PROCESO for reconciliation with the
 * provider — never paid twice, never silently failed.
 */
@Injectable()
export class EjecutarPagoHandler implements ICommandHandler<EjecutarPagoCommand, Pago> {
  private readonly log = createLogger('ejecutar-pago');

  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(PAGO_REPOSITORY) private readonly pagos: PagoRepository,
    @Inject(COMISION_REPOSITORY) private readonly comisiones: ComisionRepository,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(PROVEEDOR_PAGOS) private readonly proveedor: ProveedorPagos,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  async execute(command: EjecutarPagoCommand): Promise<Pago> {
    const traza = { correlationId: command.correlationId };
    const inicio = await this.uow.run(async (tx) => {
      const { pago, campanas, comisiones } = await this.bloquear(tx, command.pagoId);
      const { ejecutar, devoluciones } = pago.iniciarEjecucion(comisiones, this.reloj.ahora(), traza);
      await this.persistir(tx, pago, comisiones, campanas, devoluciones);
      if (!ejecutar) await this.auditar(tx, pago, command.correlationId);
      return { pago, ejecutar };
    });
    if (!inicio.ejecutar) return inicio.pago;

    const resultado = await this.pagar(inicio.pago);
    return this.uow.run(async (tx) => {
      const { pago, campanas, comisiones } = await this.bloquear(tx, command.pagoId);
      const ahora = this.reloj.ahora();
      let nuevas: Comision[] = [];
      let devoluciones: Devolucion[] = [];
      if (resultado.exito) nuevas = pago.registrarExito(resultado.referencia, comisiones, ahora, randomUUID, traza);
      else devoluciones = pago.registrarFallo(resultado.motivo, comisiones, ahora, traza);
      await this.persistir(tx, pago, [...comisiones, ...nuevas], campanas, devoluciones);
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

  /** Locks in the order payout → campaigns → commissions (campaigns before commissions everywhere). */
  private async bloquear(tx: Transaccion, pagoId: string): Promise<Bloqueados> {
    const pago = await this.pagos.findByIdParaActualizar(tx, pagoId);
    if (!pago) throw PagoErrors.noEncontrado(pagoId);
    const campanaIds = await this.comisiones.campanasDePago(tx, pago.id);
    const campanas = await this.campanas.findManyParaActualizar(tx, campanaIds);
    const comisiones = await this.comisiones.findByPagoParaActualizar(tx, pago.id);
    return { pago, campanas, comisiones };
  }

  private async persistir(tx: Transaccion, pago: Pago, comisiones: Comision[], campanas: Map<string, Campana>, devoluciones: Devolucion[]): Promise<void> {
    const ahora = this.reloj.ahora();
    const tocadas = new Set<Campana>();
    for (const { campanaId, monto } of devoluciones) {
      const campana = campanas.get(campanaId);
      if (!campana) {
        this.log.warn({ pago_id: pago.id, campana_id: campanaId }, 'budget to give back to a campaign that no longer exists');
        continue;
      }
      campana.devolverPresupuesto(monto, ahora);
      tocadas.add(campana);
    }
    await this.pagos.guardar(tx, pago);
    await this.comisiones.guardar(tx, comisiones);
    for (const campana of tocadas) await this.campanas.guardar(tx, campana);
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
