import { repositorioConAfiliado } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { ObtenerAfiliadoHandler } from './obtener-afiliado.handler';
import { ObtenerAfiliadoQuery } from './obtener-afiliado.query';

const ID = '5c4b3a2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

describe('ObtenerAfiliadoHandler', () => {
  it('finds an afiliado by id, in any case', async () => {
    const handler = new ObtenerAfiliadoHandler(await repositorioConAfiliado(ID));
    expect((await handler.execute(new ObtenerAfiliadoQuery(ID.toUpperCase()))).id).toBe(ID);
  });

  it('answers NO_ENCONTRADO (404) for an unknown id', async () => {
    const handler = new ObtenerAfiliadoHandler(await repositorioConAfiliado(ID));
    const error = await domainErrorOf(handler.execute(new ObtenerAfiliadoQuery('00000000-0000-4000-8000-000000000000')));
    expect([error.code, error.kind]).toEqual(['AFILIADO.NO_ENCONTRADO', 'not_found']);
  });
});
