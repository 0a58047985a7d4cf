import { PageRequest } from '@alpes/seedwork';
import { InMemoryAfiliadoRepository } from '../../../../test/support/in-memory-afiliado.repository';
import { ActivarAfiliadoCommand } from '../../commands/activar-afiliado/activar-afiliado.command';
import { ActivarAfiliadoHandler } from '../../commands/activar-afiliado/activar-afiliado.handler';
import { RegistrarAfiliadoCommand } from '../../commands/registrar-afiliado/registrar-afiliado.command';
import { RegistrarAfiliadoHandler } from '../../commands/registrar-afiliado/registrar-afiliado.handler';
import { ListarAfiliadosHandler } from './listar-afiliados.handler';
import { ListarAfiliadosQuery } from './listar-afiliados.query';

describe('ListarAfiliadosHandler', () => {
  const repository = new InMemoryAfiliadoRepository();
  const ids: string[] = [];

  beforeAll(async () => {
    const registrar = new RegistrarAfiliadoHandler(repository);
    for (const [nombre, tipo] of [
      ['Ana', 'basico'],
      ['Beto', 'premium'],
      ['Carla', 'influencer'],
    ] as const) {
      const { afiliado } = await registrar.execute(
        new RegistrarAfiliadoCommand({ nombre, email: `${nombre.toLowerCase()}@email.com`, tipoAfiliado: tipo }),
      );
      ids.push(afiliado.id);
    }
    await new ActivarAfiliadoHandler(repository).execute(new ActivarAfiliadoCommand(ids[1]));
  });

  it('ListarAfiliados filters by estado and tipo, normalises the email filter, and pages', async () => {
    const handler = new ListarAfiliadosHandler(repository);
    const list = (filtro: object, page = PageRequest.of({})) => handler.execute(new ListarAfiliadosQuery(filtro, page));

    expect((await list({ estado: 'ACTIVO' })).items.map((a) => a.id)).toEqual([ids[1]]);
    expect((await list({ tipoAfiliado: 'influencer' })).items.map((a) => a.id)).toEqual([ids[2]]);
    expect((await list({ email: '  CARLA@email.com ' })).items.map((a) => a.id)).toEqual([ids[2]]);
    expect((await list({ texto: '  ' })).total).toBe(3);
    const page = await list({}, PageRequest.of({ page: 2, limit: 2 }));
    expect({ total: page.total, page: page.page, limit: page.limit, n: page.items.length }).toEqual({
      total: 3,
      page: 2,
      limit: 2,
      n: 1,
    });
  });
});
