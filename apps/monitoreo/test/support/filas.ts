import { randomUUID } from 'node:crypto';
import type { Categoria, RegistroEvento } from '../../src/domain/evento-log/registro-evento';

const TIPO_POR_CATEGORIA: Record<Categoria, string> = {
  impression: 'ImpresionRegistrada',
  click: 'ClickRegistrado',
  conversion: 'ConversionValidada',
  sale: 'ConversionValidada',
  other: 'ComisionCalculada',
};

/** A log row for the in-memory fakes: a category at a time, with overrides. */
export function fila(categoria: Categoria, occurredAt: Date, overrides: Partial<RegistroEvento> = {}): RegistroEvento {
  return {
    eventId: randomUUID(),
    eventType: TIPO_POR_CATEGORIA[categoria],
    categoria,
    userId: null,
    campaignId: null,
    affiliateId: null,
    valor: null,
    moneda: null,
    conversionType: categoria === 'sale' ? 'venta' : null,
    occurredAt,
    sourceTopic: 'conversiones.eventos',
    producer: 'conversiones',
    receivedAt: occurredAt,
    ...overrides,
  };
}

export function filas(n: number, categoria: Categoria, occurredAt: Date, overrides: Partial<RegistroEvento> = {}): RegistroEvento[] {
  return Array.from({ length: n }, () => fila(categoria, occurredAt, overrides));
}
