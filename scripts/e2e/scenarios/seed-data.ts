/**
 * The data scripts/init_test_data.sh wrote (test_data_ids.json) is there, in the state it claims: affiliates ACTIVO
 * with their type and commission settings, campaigns ACTIVA with their rules and assigned affiliates. Skipped when
 * the file is missing or was written for other services.
 */
import { existsSync, readFileSync } from 'node:fs';
import { URLS, getJson, type Entity } from '../support/api';
import type { Scenario, ScenarioContext } from '../support/scenario';

export const seedData: Scenario = {
  name: 'seed-data',
  description: 'The entities of test_data_ids.json (scripts/init_test_data.sh) exist in afiliados and marketing-comisiones in the recorded state',
  async run(ctx: ScenarioContext) {
    const file = process.env['E2E_TEST_DATA'];
    if (!file || !existsSync(file)) ctx.skip(`no test data file (${file ?? 'E2E_TEST_DATA unset'}); run scripts/init_test_data.sh first`);
    const data = JSON.parse(readFileSync(file, 'utf8')) as { base_urls?: Record<string, string>; afiliados: Entity[]; campanas: Entity[]; run_id: string };
    if (data.base_urls?.['afiliados'] !== URLS.afiliados || data.base_urls?.['marketing'] !== URLS.marketing) {
      ctx.skip(`${file} was written for other services (${data.base_urls?.['afiliados']}, ${data.base_urls?.['marketing']})`);
    }
    ctx.note('file', file);
    ctx.note('run_id', data.run_id);
    ctx.check('at least one premium affiliate among them', true, data.afiliados.some((a) => a['tipo_afiliado'] === 'premium'));
    for (const a of data.afiliados) {
      ctx.check(
        `affiliate ${a['nombre']} (${a['id']})`,
        { id: a['id'], estado: 'ACTIVO', tipo_afiliado: a['tipo_afiliado'], email: a['email'], configuracion_comisiones: a['configuracion_comisiones'] },
        await getJson(`${URLS.afiliados}/api/v1/afiliados/${a['id']}`),
      );
    }
    const modelos = new Set<string>();
    for (const c of data.campanas) {
      const actual = await getJson(`${URLS.marketing}/api/v1/campanas/${c['id']}`);
      ctx.check(`campaign ${c['nombre']} (${c['id']})`, { id: c['id'], estado: 'ACTIVA', moneda: c['moneda'], reglas_comision: c['reglas_comision'] }, actual);
      ctx.check(`campaign ${c['nombre']}: assigned affiliates`, [...(c['afiliados_ids'] as string[])].sort(), [...((actual['afiliados_ids'] as string[]) ?? [])].sort());
      for (const r of c['reglas_comision'] as Entity[]) modelos.add(`${r['modelo']}${r['tipo_conversion'] ? ` ${r['tipo_conversion']}` : ''}`);
    }
    ctx.check('rules cover CPS venta, CPA registro, CPC and CPM', ['CPA registro', 'CPC', 'CPM', 'CPS venta'], [...modelos].filter((m) => ['CPA registro', 'CPC', 'CPM', 'CPS venta'].includes(m)).sort());
  },
};
