/**
 * In-memory fakes of the application's ports, for unit tests only (excluded from the build). Rows are stored as
 * snapshots and rehydrated on every read, like a database: a change is visible only after `guardar`, and a unit of
 * work that throws restores every table (rollback).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DomainError, Money, Percentage, type DomainEvent } from '@alpes/seedwork';
import { AfiliadoProyeccion } from '../domain/afiliado/afiliado-proyeccion';
import type { AfiliadosProyeccionRepository } from '../domain/afiliado/afiliado-proyeccion.repository.port';
import { Campana, type CampanaProps } from '../domain/campana/campana.aggregate';
import type { CampanaFiltro, CampanaRepository } from '../domain/campana/campana.repository.port';
import { Comision, type ComisionProps } from '../domain/comision/comision.aggregate';
import { ComisionErrors } from '../domain/comision/comision.errors';
import type { ComisionFiltro, ComisionRepository } from '../domain/comision/comision.repository.port';
import { Pago, type PagoProps } from '../domain/pago/pago.aggregate';
import type { PagoRepository } from '../domain/pago/pago.repository.port';
import type { Transaccion } from '../domain/shared/transaccion';
import type { Auditoria, RegistroAuditoria } from '../application/ports/auditoria.port';
import type { ConfiguracionPagos } from '../application/ports/configuracion-pagos.port';
import type { OrdenDePago, ProveedorPagos, ResultadoProveedor } from '../application/ports/proveedor-pagos.port';
import type { Reloj } from '../application/ports/reloj.port';
import type { UnitOfWork } from '../application/ports/unit-of-work.port';

interface Fila<P> {
  props: P;
  version: number;
}

export const TX = {} as Transaccion;

/** Set while a fake unit of work runs `work` (per asynchronous flow, like the real transaction's connection). */
const enUnidadDeTrabajo = new AsyncLocalStorage<true>();

/**
 * What the real adapters would do on a second pool connection: a read inside a unit of work that does not go through
 * its `tx` fails the test (under load such reads deadlock the pool).
 */
function leeEnLaTransaccion(tx: Transaccion | undefined, lectura: string): void {
  if (tx === undefined && enUnidadDeTrabajo.getStore()) {
    throw new Error(`${lectura} was called inside a unit of work without its tx: it would take a second pool connection`);
  }
}

export class FakeDb {
  campanas = new Map<string, Fila<CampanaProps>>();
  comisiones = new Map<string, Fila<ComisionProps>>();
  pagos = new Map<string, Fila<PagoProps>>();
  afiliados = new Map<string, AfiliadoProyeccion>();
  eventos: DomainEvent<object>[] = [];
  auditoria: RegistroAuditoria[] = [];

  snapshot() {
    return {
      campanas: new Map(this.campanas),
      comisiones: new Map(this.comisiones),
      pagos: new Map(this.pagos),
      afiliados: new Map(this.afiliados),
      eventos: [...this.eventos],
      auditoria: [...this.auditoria],
    };
  }

  restore(s: ReturnType<FakeDb['snapshot']>): void {
    Object.assign(this, s);
  }

  eventTypes(): string[] {
    return this.eventos.map((e) => e.eventType);
  }

  eventosDe<T = Record<string, unknown>>(tipo: string): T[] {
    return this.eventos.filter((e) => e.eventType === tipo).map((e) => e.payload as unknown as T);
  }
}

export class FakeUnitOfWork implements UnitOfWork {
  constructor(private readonly db: FakeDb) {}

  async run<T>(work: (tx: Transaccion) => Promise<T>): Promise<T> {
    const antes = this.db.snapshot();
    try {
      return await enUnidadDeTrabajo.run(true, () => work(TX));
    } catch (error) {
      this.db.restore(antes);
      throw error;
    }
  }
}

function guardarFila<P extends object>(tabla: Map<string, Fila<P>>, id: string, props: P, version: number, nuevo: boolean): number {
  const actual = tabla.get(id);
  if (nuevo) {
    if (actual) throw new Error(`duplicate id ${id}`);
    tabla.set(id, { props: { ...props }, version: 1 });
    return 1;
  }
  if (!actual || actual.version !== version) throw new Error(`stale version of ${id}`);
  tabla.set(id, { props: { ...props }, version: version + 1 });
  return version + 1;
}

export class FakeCampanaRepository implements CampanaRepository {
  constructor(private readonly db: FakeDb) {}

  private leer(id: string): Campana | null {
    const fila = this.db.campanas.get(id);
    return fila ? Campana.rehidratar(id, fila.props, fila.version) : null;
  }

  async findById(id: string, tx?: Transaccion) {
    leeEnLaTransaccion(tx, 'CampanaRepository.findById');
    return this.leer(id);
  }

  async findByIdParaActualizar(_tx: Transaccion, id: string) {
    return this.leer(id);
  }

  async findManyParaActualizar(_tx: Transaccion, ids: readonly string[]) {
    const mapa = new Map<string, Campana>();
    for (const id of [...ids].sort()) {
      const c = this.leer(id);
      if (c) mapa.set(id, c);
    }
    return mapa;
  }

  async insertar(_tx: Transaccion, campana: Campana) {
    if (this.db.campanas.has(campana.id)) return false;
    campana.markPersisted(guardarFila(this.db.campanas, campana.id, { ...campana.getProps() }, 0, true));
    this.db.eventos.push(...campana.pullDomainEvents());
    return true;
  }

  async guardar(_tx: Transaccion, campana: Campana) {
    campana.markPersisted(guardarFila(this.db.campanas, campana.id, { ...campana.getProps() }, campana.version, false));
    this.db.eventos.push(...campana.pullDomainEvents());
  }

  async listar(filtro: CampanaFiltro, offset: number, limit: number) {
    leeEnLaTransaccion(undefined, 'CampanaRepository.listar');
    const todas = [...this.db.campanas.keys()].map((id) => this.leer(id) as Campana).filter((c) => !filtro.estado || c.estado === filtro.estado);
    return { items: todas.slice(offset, offset + limit), total: todas.length };
  }
}

export class FakeComisionRepository implements ComisionRepository {
  constructor(private readonly db: FakeDb) {}

  private todas(): Comision[] {
    return [...this.db.comisiones.entries()].map(([id, f]) => Comision.rehidratar(id, { ...f.props }, f.version));
  }

  async findById(id: string, tx?: Transaccion) {
    leeEnLaTransaccion(tx, 'ComisionRepository.findById');
    const f = this.db.comisiones.get(id);
    return f ? Comision.rehidratar(id, { ...f.props }, f.version) : null;
  }

  async findByConversionId(conversionId: string) {
    leeEnLaTransaccion(undefined, 'ComisionRepository.findByConversionId');
    return this.todas().find((c) => c.conversionId === conversionId) ?? null;
  }

  async listar(filtro: ComisionFiltro, offset: number, limit: number) {
    leeEnLaTransaccion(undefined, 'ComisionRepository.listar');
    const items = this.todas().filter(
      (c) =>
        (!filtro.afiliadoId || c.afiliadoId === filtro.afiliadoId) &&
        (!filtro.campanaId || c.campanaId === filtro.campanaId) &&
        (!filtro.estado || c.estado === filtro.estado),
    );
    return { items: items.slice(offset, offset + limit), total: items.length };
  }

  async findByIdParaActualizar(tx: Transaccion, id: string) {
    return this.findById(id, tx);
  }

  async findByIdsParaActualizar(_tx: Transaccion, ids: readonly string[]) {
    return new Map(this.todas().filter((c) => ids.includes(c.id)).map((c) => [c.id, c]));
  }

  async findByConversionIdsParaActualizar(_tx: Transaccion, ids: readonly string[]) {
    return new Map(this.todas().filter((c) => c.conversionId !== null && ids.includes(c.conversionId)).map((c) => [c.conversionId as string, c]));
  }

  async findPagablesParaActualizar(_tx: Transaccion, afiliadoId: string) {
    return this.todas().filter((c) => c.afiliadoId === afiliadoId && c.esPagable());
  }

  async findByPagoParaActualizar(_tx: Transaccion, pagoId: string) {
    return this.todas().filter((c) => c.pagoId === pagoId);
  }

  async findAcumuladosPorPublicar(_tx: Transaccion, limit: number) {
    return this.todas()
      .filter((c) => c.tipo === 'ACUMULADO' && c.publicacionPendiente)
      .slice(0, limit);
  }

  async guardar(_tx: Transaccion, comisiones: readonly Comision[]) {
    for (const c of comisiones) {
      const nuevo = c.version === 0;
      if (nuevo && c.conversionId && this.todas().some((o) => o.conversionId === c.conversionId)) {
        throw ComisionErrors.conversionDuplicada(c.conversionId);
      }
      c.markPersisted(guardarFila(this.db.comisiones, c.id, { ...c.getProps() }, c.version, nuevo));
    }
    for (const c of comisiones) this.db.eventos.push(...c.pullDomainEvents());
  }
}

export class FakePagoRepository implements PagoRepository {
  constructor(private readonly db: FakeDb) {}

  async findById(id: string) {
    leeEnLaTransaccion(undefined, 'PagoRepository.findById');
    return this.leer(id);
  }

  private leer(id: string): Pago | null {
    const f = this.db.pagos.get(id);
    return f ? Pago.rehidratar(id, f.props, f.version) : null;
  }

  async findByIdParaActualizar(_tx: Transaccion, id: string) {
    return this.leer(id);
  }

  async listar(filtro: { afiliadoId?: string }, offset: number, limit: number) {
    leeEnLaTransaccion(undefined, 'PagoRepository.listar');
    const items = [...this.db.pagos.entries()]
      .map(([id, f]) => Pago.rehidratar(id, f.props, f.version))
      .filter((p) => !filtro.afiliadoId || p.afiliadoId === filtro.afiliadoId);
    return { items: items.slice(offset, offset + limit), total: items.length };
  }

  async guardar(_tx: Transaccion, pago: Pago) {
    pago.markPersisted(guardarFila(this.db.pagos, pago.id, { ...pago.getProps() }, pago.version, pago.version === 0));
    this.db.eventos.push(...pago.pullDomainEvents());
  }
}

export class FakeAfiliadosRepository implements AfiliadosProyeccionRepository {
  constructor(private readonly db: FakeDb) {}

  async findById(id: string, tx?: Transaccion) {
    leeEnLaTransaccion(tx, 'AfiliadosProyeccionRepository.findById');
    const a = this.db.afiliados.get(id);
    return a ? AfiliadoProyeccion.rehidratar(a.snapshot()) : null;
  }

  async findMany(ids: readonly string[], tx?: Transaccion) {
    leeEnLaTransaccion(tx, 'AfiliadosProyeccionRepository.findMany');
    const mapa = new Map<string, AfiliadoProyeccion>();
    for (const id of ids) {
      const a = await this.findById(id, tx);
      if (a) mapa.set(id, a);
    }
    return mapa;
  }

  async guardar(_tx: Transaccion, afiliado: AfiliadoProyeccion) {
    this.db.afiliados.set(afiliado.id, AfiliadoProyeccion.rehidratar(afiliado.snapshot()));
  }
}

export class FakeAuditoria implements Auditoria {
  constructor(private readonly db: FakeDb) {}

  async registrar(_tx: Transaccion, registro: RegistroAuditoria) {
    this.db.auditoria.push(registro);
  }
}

export class FakeReloj implements Reloj {
  constructor(public actual = new Date('2025-06-15T12:00:00.000Z')) {}

  ahora(): Date {
    return new Date(this.actual.getTime());
  }
}

export class FakeProveedorPagos implements ProveedorPagos {
  ordenes: OrdenDePago[] = [];
  respuesta: ResultadoProveedor = { exito: true, referencia: 'ref-1' };

  async pagar(orden: OrdenDePago) {
    this.ordenes.push(orden);
    return this.respuesta;
  }
}

export class FakeConfiguracionPagos implements ConfiguracionPagos {
  minimos = new Map<string, string>();
  reanudarTrasMs = 60_000;

  minimo(moneda: string): Money | null {
    const m = this.minimos.get(moneda);
    return m === undefined ? null : Money.of(m, moneda);
  }

  reanudarEnProcesoTrasMs(): number {
    return this.reanudarTrasMs;
  }
}

export function afiliado(
  id: string,
  opciones: { estado?: string; tipo?: string; base?: string; premium?: string | null } = {},
): AfiliadoProyeccion {
  return AfiliadoProyeccion.rehidratar({
    id,
    estado: opciones.estado ?? 'ACTIVO',
    tipoAfiliado: opciones.tipo ?? 'basico',
    comisionBase: Percentage.of(opciones.base ?? '10'),
    comisionPremium: opciones.premium ? Percentage.of(opciones.premium) : null,
    actualizadoEn: new Date('2025-01-01T00:00:00Z'),
  });
}

/** Everything a handler test needs, wired together. */
export function entorno() {
  const db = new FakeDb();
  return {
    db,
    uow: new FakeUnitOfWork(db),
    campanas: new FakeCampanaRepository(db),
    comisiones: new FakeComisionRepository(db),
    pagos: new FakePagoRepository(db),
    afiliados: new FakeAfiliadosRepository(db),
    auditoria: new FakeAuditoria(db),
    reloj: new FakeReloj(),
    proveedor: new FakeProveedorPagos(),
    configuracion: new FakeConfiguracionPagos(),
  };
}

/** The DomainError `{ code, kind }` that `fn` throws (any other error is rethrown); undefined when it throws nothing. */
export function errorDe(fn: () => unknown): { code: string; kind: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind };
    throw error;
  }
  return undefined;
}

export async function errorDeAsync(fn: () => Promise<unknown>): Promise<{ code: string; kind: string } | undefined> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, kind: error.kind };
    throw error;
  }
  return undefined;
}
