import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ClickConocido, ClicksConocidos } from '../../application/ports/clicks-conocidos.port';

const CAPACIDAD = 200_000;

/**
 * click_id → campaign and affiliate: the clicks this instance accepted recently (a bounded map, oldest forgotten first), then the
 * `clicks` table (clicks already processed, by any instance).
 */
@Injectable()
export class ClicksConocidosAdapter implements ClicksConocidos {
  private readonly recientes = new Map<string, ClickConocido>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  recordar(clickId: string, click: ClickConocido): void {
    this.recientes.delete(clickId);
    this.recientes.set(clickId, click);
    if (this.recientes.size > CAPACIDAD) {
      const masViejo = this.recientes.keys().next().value;
      if (masViejo !== undefined) this.recientes.delete(masViejo);
    }
  }

  async buscar(clickId: string): Promise<ClickConocido | null> {
    const reciente = this.recientes.get(clickId);
    if (reciente !== undefined) return reciente;
    const filas: { campana_id: string; afiliado_id: string }[] = await this.dataSource.query('SELECT campana_id, afiliado_id FROM clicks WHERE id = ?', [clickId]);
    return filas.length > 0 ? { campanaId: filas[0].campana_id, afiliadoId: filas[0].afiliado_id } : null;
  }
}
