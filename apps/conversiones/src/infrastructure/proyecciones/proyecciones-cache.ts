import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createLogger, describeError } from '@alpes/messaging';
import type { AfiliadoProyeccion } from '../../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion } from '../../domain/proyecciones/campana-proyeccion';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../../application/conversiones.config';
import type { ProyeccionesCache } from '../../application/ports/proyecciones.port';
import { afiliadoDeFila, afiliadosDe, campanaDeFila, COLUMNAS_CAMPANA, type FilaAfiliado, type FilaCampana } from '../persistence/proyecciones.sql';

/** Rows changed this long before the newest one seen are read again (commits do not land in timestamp order). */
const MARGEN_MS = 10_000;

interface Entrada<T> {
  valor: T;
  /** When it was put here (epoch ms): a row is only taken over it when it was written later. */
  puestoEn: number;
}

/**
 * The projections in memory, so that checking a tracking request costs no database round trip. Loaded completely
 * at start; then every projection event handled here updates it at once, and a poll every
 * `proyeccionesRefrescoMs` reads the rows changed since (`actualizado_en`), which brings in what other replicas of
 * this service applied. A row older than what this instance put in memory never overwrites it.
 */
@Injectable()
export class ProyeccionesCacheEnMemoria implements ProyeccionesCache, OnModuleInit, OnApplicationShutdown {
  private readonly log = createLogger('proyecciones-cache');
  private readonly campanas = new Map<string, Entrada<CampanaProyeccion>>();
  private readonly afiliados = new Map<string, Entrada<AfiliadoProyeccion>>();
  private marcaCampanas = 0;
  private marcaAfiliados = 0;
  private timer?: NodeJS.Timeout;
  private ronda?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refrescar();
    this.log.info({ campanas: this.campanas.size, afiliados: this.afiliados.size }, 'projections loaded in memory');
    this.timer = setInterval(() => {
      if (this.ronda) return;
      this.ronda = this.refrescar()
        .catch((error: unknown) => this.log.warn({ error: describeError(error) }, 'projection refresh failed; retried at the next tick'))
        .finally(() => (this.ronda = undefined));
    }, this.config.proyeccionesRefrescoMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ronda;
  }

  campana(id: string): CampanaProyeccion | undefined {
    return this.campanas.get(id)?.valor;
  }

  afiliado(id: string): AfiliadoProyeccion | undefined {
    return this.afiliados.get(id)?.valor;
  }

  ponerCampana(campana: CampanaProyeccion): void {
    this.campanas.set(campana.id, { valor: campana, puestoEn: Date.now() });
  }

  ponerAfiliado(afiliado: AfiliadoProyeccion): void {
    this.afiliados.set(afiliado.id, { valor: afiliado, puestoEn: Date.now() });
  }

  /** Reads the rows changed since the last round (everything on the first). */
  async refrescar(): Promise<void> {
    const afiliados: FilaAfiliado[] = await this.dataSource.query(
      'SELECT id, estado, actualizado_en FROM afiliados_proyeccion WHERE actualizado_en >= ?',
      [Math.max(0, this.marcaAfiliados - MARGEN_MS)],
    );
    for (const fila of afiliados) {
      const escrito = Number(fila.actualizado_en);
      this.marcaAfiliados = Math.max(this.marcaAfiliados, escrito);
      const actual = this.afiliados.get(fila.id);
      if (!actual || escrito > actual.puestoEn) this.afiliados.set(fila.id, { valor: afiliadoDeFila(fila), puestoEn: escrito });
    }
    const campanas: FilaCampana[] = await this.dataSource.query(`SELECT ${COLUMNAS_CAMPANA} FROM campanas_proyeccion WHERE actualizado_en >= ?`, [
      Math.max(0, this.marcaCampanas - MARGEN_MS),
    ]);
    const nuevas = campanas.filter((fila) => {
      const escrito = Number(fila.actualizado_en);
      this.marcaCampanas = Math.max(this.marcaCampanas, escrito);
      const actual = this.campanas.get(fila.id);
      return !actual || escrito > actual.puestoEn;
    });
    for (let i = 0; i < nuevas.length; i += 500) {
      const parte = nuevas.slice(i, i + 500);
      const asignados = await afiliadosDe(this.dataSource, parte.map((f) => f.id));
      for (const fila of parte) {
        this.campanas.set(fila.id, { valor: campanaDeFila(fila, asignados.get(fila.id) ?? []), puestoEn: Number(fila.actualizado_en) });
      }
    }
  }
}
