import { afiliado, entorno, errorDeAsync } from '../../../testing/fakes';
import { CrearCampanaCommand, type CrearCampanaInput } from './crear-campana.command';
import { CrearCampanaHandler, huellaDeCreacion } from './crear-campana.handler';

const ID = 'c0000000-0000-4000-8000-00000000000a';
const input: CrearCampanaInput = {
  id: ID,
  nombre: 'Black Friday',
  producto: 'TV',
  marca: 'Alpes',
  presupuesto: '5000000',
  moneda: 'COP',
  reglas: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '8' }],
  influencersIds: ['a1'],
};

function preparar() {
  const env = entorno();
  env.db.afiliados.set('a1', afiliado('a1'));
  const handler = new CrearCampanaHandler(env.uow, env.campanas, env.afiliados, env.auditoria, env.reloj);
  return { ...env, crear: (i: CrearCampanaInput = input) => handler.execute(new CrearCampanaCommand(i, { correlationId: 'corr' })) };
}

describe('CrearCampanaHandler', () => {
  it('creates a BORRADOR campaign with its influencers, CampanaCreada and one audit record, in one unit of work', async () => {
    const t = preparar();
    const { campana, creada } = await t.crear();
    expect(creada).toBe(true);
    expect(campana.afiliadosIds).toEqual(['a1']);
    expect(t.db.eventTypes()).toEqual(['CampanaCreada']);
    expect(t.db.eventos[0].correlationId).toBe('corr');
    expect(t.db.auditoria).toEqual([{ accion: 'CREAR_CAMPANA', recurso: 'campana', recursoId: ID, correlationId: 'corr' }]);
  });

  it('the same request with the same id again returns the same campaign without creating anything', async () => {
    const t = preparar();
    await t.crear();
    const otra = await t.crear({ ...input, presupuesto: '5000000.00', reglas: [{ ...input.reglas[0], valor: '8.0' }] });
    expect(otra.creada).toBe(false);
    expect(otra.campana.id).toBe(ID);
    expect(t.db.eventTypes()).toEqual(['CampanaCreada']);
  });

  it('the same id with other content → 409 CAMPANA.ID_EN_CONFLICTO', async () => {
    const t = preparar();
    await t.crear();
    expect(await errorDeAsync(() => t.crear({ ...input, presupuesto: '1' }))).toEqual({ code: 'CAMPANA.ID_EN_CONFLICTO', kind: 'conflict' });
  });

  it('an unknown influencer → 404, nothing written', async () => {
    const t = preparar();
    expect(await errorDeAsync(() => t.crear({ ...input, influencersIds: ['a1', 'zz'] }))).toEqual({ code: 'CAMPANA.AFILIADO_DESCONOCIDO', kind: 'not_found' });
    expect(t.db.campanas.size).toBe(0);
    expect(t.db.auditoria).toEqual([]);
  });

  it('without client id, every request creates a new campaign', async () => {
    const t = preparar();
    const a = await t.crear({ ...input, id: undefined });
    const b = await t.crear({ ...input, id: undefined });
    expect(a.campana.id).not.toBe(b.campana.id);
  });

  it('fingerprints equivalent requests alike (decimal spelling, influencer order, default window)', () => {
    expect(huellaDeCreacion({ ...input, influencersIds: ['b', 'a', 'a'] })).toBe(
      huellaDeCreacion({ ...input, influencersIds: ['a', 'b'], ventanaAtribucionDias: 30, presupuesto: '5000000.000' }),
    );
    expect(huellaDeCreacion(input)).not.toBe(huellaDeCreacion({ ...input, ventanaAtribucionDias: 31 }));
  });
});
