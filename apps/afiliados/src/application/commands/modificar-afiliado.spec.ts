import { repositorioConAfiliado } from '../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../test/support/domain-error-code';
import { MAX_INTENTOS_CONCURRENCIA, modificarAfiliado } from './modificar-afiliado';

const ID = '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d';
const contexto = () => ({ accion: 'ACTIVAR_AFILIADO' as const, correlationId: 'c', actor: 'api' });

describe('modificarAfiliado (load → change → save with optimistic concurrency)', () => {
  it('answers NO_ENCONTRADO (404) for an unknown id', async () => {
    const repository = await repositorioConAfiliado(ID);
    const error = await domainErrorOf(
      modificarAfiliado(repository, '99999999-9999-4999-8999-999999999999', contexto, (a) => a.activar()),
    );
    expect([error.code, error.kind]).toEqual(['AFILIADO.NO_ENCONTRADO', 'not_found']);
  });

  it('reruns the cycle on fresh state when another request saved first', async () => {
    const repository = await repositorioConAfiliado(ID);
    let conflicts = 1;
    let cambios = 0;
    repository.beforeSave = (afiliado) => {
      if (conflicts-- > 0) repository.bumpVersion(afiliado.id);
    };
    const afiliado = await modificarAfiliado(repository, ID, contexto, (a) => {
      cambios++;
      a.activar();
    });
    expect(afiliado.estado).toBe('ACTIVO');
    expect(cambios).toBe(2);
    expect(repository.commits).toHaveLength(1);
  });

  it('the rerun judges the latest state: a transition another request already made becomes TRANSICION_INVALIDA', async () => {
    const repository = await repositorioConAfiliado(ID);
    repository.beforeSave = async () => {
      repository.beforeSave = undefined;
      await modificarAfiliado(repository, ID, contexto, (a) => a.activar()); // the rival wins
    };
    const error = await domainErrorOf(modificarAfiliado(repository, ID, contexto, (a) => a.activar()));
    expect(error.code).toBe('AFILIADO.TRANSICION_INVALIDA');
    expect(repository.commits).toHaveLength(1);
  });

  it(`gives up with MODIFICACION_CONCURRENTE (409) after ${MAX_INTENTOS_CONCURRENCIA} conflicts`, async () => {
    const repository = await repositorioConAfiliado(ID);
    let attempts = 0;
    repository.beforeSave = (afiliado) => {
      attempts++;
      repository.bumpVersion(afiliado.id);
    };
    const error = await domainErrorOf(modificarAfiliado(repository, ID, contexto, (a) => a.activar()));
    expect([error.code, error.kind]).toEqual(['AFILIADO.MODIFICACION_CONCURRENTE', 'conflict']);
    expect(attempts).toBe(MAX_INTENTOS_CONCURRENCIA);
    expect(repository.commits).toHaveLength(0);
  });

  it('does not retry other errors', async () => {
    const repository = await repositorioConAfiliado(ID);
    let cambios = 0;
    const error = await domainErrorOf(
      modificarAfiliado(repository, ID, contexto, (a) => {
        cambios++;
        a.reactivar();
      }),
    );
    expect(error.code).toBe('AFILIADO.TRANSICION_INVALIDA');
    expect(cambios).toBe(1);
  });
});
