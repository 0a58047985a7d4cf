import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AfiliadoProyeccion, EstadoAfiliado } from '../../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion, EstadoCampana } from '../../domain/proyecciones/campana-proyeccion';
import type { DatosCampanaCreada, ProyeccionesStore, ProyeccionesStoreFactory } from '../../application/ports/proyecciones.port';
import type { TransaccionAbierta } from '../../application/ports/transaccion';
import { leerAfiliado, leerCampana } from './proyecciones.sql';

/**
 * The projection tables through the inbox transaction of the event being applied. Every change stamps
 * `actualizado_en` (epoch ms) on the affiliate or campaign row, also for a change of its assignments, so that the
 * in-memory views of other replicas pick it up. Every state change is also appended to `afiliados_estados` /
 * `campanas_estados` with the time it happened (the inbox makes a redelivered event apply once).
 */
class ProyeccionesEnTransaccion implements ProyeccionesStore {
  constructor(private readonly manager: EntityManager) {}

  campana(id: string): Promise<CampanaProyeccion | null> {
    return leerCampana(this.manager, id);
  }

  afiliado(id: string): Promise<AfiliadoProyeccion | null> {
    return leerAfiliado(this.manager, id);
  }

  async guardarAfiliado(id: string, estado: EstadoAfiliado, desde: number): Promise<void> {
    await this.manager.query(
      `INSERT INTO afiliados_proyeccion (id, estado, actualizado_en) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE estado = VALUES(estado), actualizado_en = VALUES(actualizado_en)`,
      [id, estado, Date.now()],
    );
    await this.manager.query('INSERT INTO afiliados_estados (afiliado_id, desde, estado) VALUES (?, ?, ?)', [id, desde, estado]);
  }

  async crearCampana(d: DatosCampanaCreada): Promise<void> {
    const result: { affectedRows?: number } = await this.manager.query(
      `INSERT IGNORE INTO campanas_proyeccion (id, estado, moneda, ventana_atribucion_dias, fecha_inicio, fecha_fin, actualizado_en)
       VALUES (?, 'BORRADOR', ?, ?, ?, ?, ?)`,
      [d.id, d.moneda, d.ventanaAtribucionDias, d.fechaInicio, d.fechaFin, Date.now()],
    );
    if (!result.affectedRows) return;
    await this.manager.query("INSERT INTO campanas_estados (campana_id, desde, estado) VALUES (?, ?, 'BORRADOR')", [d.id, d.desde]);
    if (d.afiliados.length === 0) return;
    const unicos = [...new Set(d.afiliados)];
    await this.manager.query(
      `INSERT IGNORE INTO campana_afiliados (campana_id, afiliado_id) VALUES ${unicos.map(() => '(?, ?)').join(', ')}`,
      unicos.flatMap((a) => [d.id, a]),
    );
  }

  async cambiarEstadoCampana(id: string, estado: EstadoCampana, desde: number): Promise<boolean> {
    const result: { affectedRows?: number } = await this.manager.query(
      'UPDATE campanas_proyeccion SET estado = ?, actualizado_en = ? WHERE id = ?',
      [estado, Date.now(), id],
    );
    if (Number(result.affectedRows ?? 0) === 0) return false;
    await this.manager.query('INSERT INTO campanas_estados (campana_id, desde, estado) VALUES (?, ?, ?)', [id, desde, estado]);
    return true;
  }

  async asignarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean> {
    if (!(await this.tocar(campanaId))) return false;
    await this.manager.query('INSERT IGNORE INTO campana_afiliados (campana_id, afiliado_id) VALUES (?, ?)', [campanaId, afiliadoId]);
    return true;
  }

  async retirarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean> {
    if (!(await this.tocar(campanaId))) return false;
    await this.manager.query('DELETE FROM campana_afiliados WHERE campana_id = ? AND afiliado_id = ?', [campanaId, afiliadoId]);
    return true;
  }

  private async tocar(campanaId: string): Promise<boolean> {
    const result: { affectedRows?: number } = await this.manager.query('UPDATE campanas_proyeccion SET actualizado_en = ? WHERE id = ?', [Date.now(), campanaId]);
    return Number(result.affectedRows ?? 0) > 0;
  }
}

@Injectable()
export class ProyeccionesStoreTypeorm implements ProyeccionesStoreFactory {
  en(tx: TransaccionAbierta): ProyeccionesStore {
    return new ProyeccionesEnTransaccion(tx as EntityManager);
  }
}
