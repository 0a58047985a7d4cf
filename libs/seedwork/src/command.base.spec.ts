import { Command, CommandOptions } from './command.base';
import { ICommandHandler } from './command-handler.interface';
import { Query, QueryOptions } from './query.base';
import { IQueryHandler } from './query-handler.interface';

class AprobarComisionCommand extends Command {
  constructor(
    readonly comisionId: string,
    options?: CommandOptions,
  ) {
    super(options);
  }
}

class ObtenerComisionQuery extends Query {
  constructor(
    readonly comisionId: string,
    options?: QueryOptions,
  ) {
    super(options);
  }
}

describe('Command / Query', () => {
  it('carry the given correlation id and frozen metadata', () => {
    const metadata = { usuario: 'admin' };
    const command = new AprobarComisionCommand('c-1', { correlationId: 'corr-1', metadata });
    metadata.usuario = 'otro';
    expect(command.correlationId).toBe('corr-1');
    expect(command.metadata).toEqual({ usuario: 'admin' });
    expect(Object.isFrozen(command.metadata)).toBe(true);
    expect(new ObtenerComisionQuery('c-1', { correlationId: 'corr-2' }).correlationId).toBe('corr-2');
  });

  it('get a fresh correlation id when none is given', () => {
    const a = new AprobarComisionCommand('c-1');
    const b = new AprobarComisionCommand('c-1');
    expect(a.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(new ObtenerComisionQuery('c-1').metadata).toEqual({});
  });

  it('are executed by handlers through execute()', async () => {
    const commandHandler: ICommandHandler<AprobarComisionCommand, string> = {
      execute: async (command) => `aprobada ${command.comisionId}`,
    };
    const queryHandler: IQueryHandler<ObtenerComisionQuery, { id: string }> = {
      execute: async (query) => ({ id: query.comisionId }),
    };
    await expect(commandHandler.execute(new AprobarComisionCommand('c-1'))).resolves.toBe('aprobada c-1');
    await expect(queryHandler.execute(new ObtenerComisionQuery('c-2'))).resolves.toEqual({ id: 'c-2' });
  });
});
