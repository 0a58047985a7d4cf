import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RegistrarConversion } from '@alpes/contracts';
import type { Conversion } from '../../domain/conversion/conversion.aggregate';
import type { ConversionAceptada, ConversionesLectura } from '../../application/ports/conversiones-lectura.port';
import type { FraudeLectura, ResumenFraude } from '../../application/ports/fraude-lectura.port';
import { cargarConversiones } from './tracking-store.typeorm';

/** Reads outside any batch: conversions rebuilt from the event store, accepted-but-unprocessed ones, fraud counters. */
@Injectable()
export class ConversionesLecturaTypeorm implements ConversionesLectura, FraudeLectura {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async cargar(id: string): Promise<Conversion | null> {
    return (await cargarConversiones(this.dataSource.manager, [id])).get(id) ?? null;
  }

  async aceptada(id: string): Promise<ConversionAceptada | null> {
    const filas: { comando: string; aceptada_en: string | number }[] = await this.dataSource.query(
      'SELECT comando, aceptada_en FROM conversiones_aceptadas WHERE id = ?',
      [id],
    );
    if (filas.length === 0) return null;
    return { comando: JSON.parse(filas[0].comando) as RegistrarConversion, aceptadaEn: Number(filas[0].aceptada_en) };
  }

  async resumen(campanaId?: string): Promise<ResumenFraude> {
    const filtro = campanaId === undefined ? '' : 'WHERE campana_id = ?';
    const parametros = campanaId === undefined ? [] : [campanaId];
    const [totales]: { clicks: string | number | null; conversiones: string | number | null }[] = await this.dataSource.query(
      `SELECT SUM(clicks_marcados) AS clicks, SUM(conversiones_rechazadas) AS conversiones FROM fraude_contadores ${filtro}`,
      parametros,
    );
    const filas: { campana_id: string; clicks_marcados: string | number }[] = await this.dataSource.query(
      `SELECT campana_id, clicks_marcados FROM fraude_contadores ${filtro ? `${filtro} AND` : 'WHERE'} clicks_marcados > 0
        ORDER BY clicks_marcados DESC, campana_id LIMIT 100`,
      parametros,
    );
    return {
      clicksMarcados: Number(totales?.clicks ?? 0),
      conversionesRechazadas: Number(totales?.conversiones ?? 0),
      porCampana: filas.map((f) => ({ campanaId: f.campana_id, clicksMarcados: Number(f.clicks_marcados) })),
    };
  }
}
