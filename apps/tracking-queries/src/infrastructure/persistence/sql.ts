import type { EntityManager } from 'typeorm';

/** Rows per multi-row statement (a batch of 500 events is a handful of statements, not 500). */
export const FILAS_POR_SENTENCIA = 500;

export function trozos<T>(items: readonly T[], size = FILAS_POR_SENTENCIA): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `(?, ?, ?), (?, ?, ?)` for `filas` rows of `columnas` values. */
export function placeholders(filas: number, columnas: number): string {
  const fila = `(${Array.from({ length: columnas }, () => '?').join(', ')})`;
  return Array.from({ length: filas }, () => fila).join(', ');
}

/** `SELECT … WHERE <col> IN (…)` over ids in chunks, concatenating the rows. */
export async function seleccionarPorIds<R>(
  manager: EntityManager,
  sql: (marcas: string) => string,
  ids: Iterable<string>,
  extra: readonly unknown[] = [],
): Promise<R[]> {
  const lista = [...ids];
  const filas: R[] = [];
  for (const trozo of trozos(lista)) {
    const rows = (await manager.query(sql(trozo.map(() => '?').join(', ')), [...extra, ...trozo])) as R[];
    filas.push(...rows);
  }
  return filas;
}

/** Multi-row INSERT (optionally with an ON DUPLICATE KEY UPDATE clause), chunked. */
export async function insertarFilas(
  manager: EntityManager,
  tabla: string,
  columnas: readonly string[],
  filas: readonly (readonly unknown[])[],
  alDuplicar?: string,
): Promise<void> {
  for (const trozo of trozos(filas)) {
    const sql =
      `INSERT INTO \`${tabla}\` (${columnas.map((c) => `\`${c}\``).join(', ')}) VALUES ${placeholders(trozo.length, columnas.length)}` +
      (alDuplicar ? ` ON DUPLICATE KEY UPDATE ${alDuplicar}` : '');
    await manager.query(sql, trozo.flat());
  }
}

/** `a = VALUES(a), b = VALUES(b)` (replace) for the given columns. */
export function reemplazar(columnas: readonly string[]): string {
  return columnas.map((c) => `\`${c}\` = VALUES(\`${c}\`)`).join(', ');
}

/** `a = a + VALUES(a), …` (increment) for the given columns. */
export function incrementar(columnas: readonly string[]): string {
  return columnas.map((c) => `\`${c}\` = \`${c}\` + VALUES(\`${c}\`)`).join(', ');
}
