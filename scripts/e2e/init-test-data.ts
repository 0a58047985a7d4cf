/**
 * Test data over HTTP only (seed 003's init_test_data): affiliates (activated, one premium), campaigns with commission
 * rules (CPS venta, CPA registro, CPC, CPM), the affiliates assigned and the campaigns activated; the ids go to
 * test_data_ids.json. Every run creates fresh entities (client ids, emails carrying the run id), so re-runs never
 * collide. Started by scripts/init_test_data.sh.
 *
 *   --out FILE   (default .alpes/reports/test_data_ids.json)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RUN_ID, URLS, crearAfiliadoActivo, crearCampanaActiva, type Entity } from './support/api';
import { closeHttp } from './support/http';
import { progress } from './support/scenario';

const ROOT = join(__dirname, '..', '..');

function outPath(): string {
  const i = process.argv.indexOf('--out');
  if (i >= 0 && process.argv[i + 1]) return resolve(process.argv[i + 1]);
  return process.env['E2E_TEST_DATA'] || join(ROOT, '.alpes', 'reports', 'test_data_ids.json');
}

function afiliadoIds(a: Entity) {
  return {
    id: a['id'],
    nombre: a['nombre'],
    email: a['email'],
    tipo_afiliado: a['tipo_afiliado'],
    estado: a['estado'],
    configuracion_comisiones: a['configuracion_comisiones'],
  };
}

function campanaIds(c: Entity) {
  return {
    id: c['id'],
    nombre: c['nombre'],
    estado: c['estado'],
    presupuesto: c['presupuesto'],
    moneda: c['moneda'],
    reglas_comision: c['reglas_comision'],
    afiliados_ids: c['afiliados_ids'],
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const out = outPath();
  progress(`seeding test data (run ${RUN_ID}) through afiliados ${URLS.afiliados} and marketing-comisiones ${URLS.marketing}`);
  // Seed 003's affiliate first: premium, 15 % base and 20 % premium.
  const juan = await crearAfiliadoActivo({ nombre: 'Juan Pérez', tipo_afiliado: 'premium', comision_base: 15, comision_premium: 20, tag: 'juan' });
  const maria = await crearAfiliadoActivo({ nombre: 'María Gómez', tipo_afiliado: 'basico', comision_base: 10, tag: 'maria' });
  const ana = await crearAfiliadoActivo({ nombre: 'Ana Torres', tipo_afiliado: 'influencer', comision_base: 12, tag: 'ana' });
  progress(`  3 affiliates registered and activated: ${[juan, maria, ana].map((a) => `${a['nombre']} (${a['tipo_afiliado']}) ${a['id']}`).join(', ')}`);

  const ids = [juan['id'], maria['id'], ana['id']] as string[];
  const ventas = await crearCampanaActiva({
    nombre: `Black Friday ${RUN_ID}`,
    producto: 'Portátil',
    presupuesto: 50_000,
    reglas: [
      { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 12.5 },
      { tipo_evento: 'conversion', tipo_conversion: 'registro', modelo: 'CPA', valor: 5 },
      { tipo_evento: 'click', modelo: 'CPC', valor: 0.25 },
      { tipo_evento: 'impresion', modelo: 'CPM', valor: 2 },
    ],
    afiliados: ids,
  });
  const registros = await crearCampanaActiva({
    nombre: `Lanzamiento App ${RUN_ID}`,
    producto: 'App móvil',
    presupuesto: 10_000,
    reglas: [
      { tipo_evento: 'conversion', tipo_conversion: 'registro', modelo: 'CPA', valor: 3 },
      { tipo_evento: 'click', modelo: 'CPC', valor: 0.1 },
    ],
    afiliados: [maria['id'] as string, ana['id'] as string],
  });
  progress(`  2 campaigns created, affiliates assigned, activated: ${[ventas, registros].map((c) => `${c['nombre']} ${c['id']}`).join(', ')}`);

  const data = {
    generated_at: new Date().toISOString(),
    run_id: RUN_ID,
    base_urls: URLS,
    afiliados: [juan, maria, ana].map(afiliadoIds),
    campanas: [ventas, registros].map(campanaIds),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  progress(`test data ids written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  console.log(out);
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`init_test_data failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(closeHttp);
