import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

/** The migrations run at start-up and create exactly what the entities describe. */
describe('monitoreo: database schema', () => {
  let t: MonitoreoTestApp;

  beforeAll(async () => {
    t = await startMonitoreoTestApp('esquema');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('no pending schema change between the entities and the migrations', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('a rule has at most one ACTIVA alert (unique key), any number of RESUELTA ones', async () => {
    const fila = (id: string, estado: string, activa: string | null) =>
      t.dataSource.query(
        `INSERT INTO alertas (id, regla, valor, umbral, periodo, clicks, conversiones, estado, disparada_en, resuelta_en, valor_resolucion, regla_activa)
         VALUES (?, 'TASA_CONVERSION_BAJA', 1, 2, '1h', 100, 1, ?, NOW(3), NULL, NULL, ?)`,
        [id, estado, activa],
      );
    await fila('00000000-0000-4000-8000-000000000001', 'RESUELTA', null);
    await fila('00000000-0000-4000-8000-000000000002', 'RESUELTA', null);
    await fila('00000000-0000-4000-8000-000000000003', 'ACTIVA', 'TASA_CONVERSION_BAJA');
    await expect(fila('00000000-0000-4000-8000-000000000004', 'ACTIVA', 'TASA_CONVERSION_BAJA')).rejects.toThrow(/Duplicate entry/);
    // The CHECK ties the key to the state: an ACTIVA row without it (or a RESUELTA one with it) is refused.
    await expect(fila('00000000-0000-4000-8000-000000000005', 'ACTIVA', null)).rejects.toThrow(/chk_alertas_activa|CONSTRAINT/i);
  });
});
