import { InMemoryAfiliadoRepository } from '../../../../test/support/in-memory-afiliado.repository';
import { domainErrorOf } from '../../../../test/support/domain-error-code';
import { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { DatosRegistro } from '../../../domain/afiliado/value-objects/datos-registro.value-object';
import { RegistrarAfiliadoCommand, RegistrarAfiliadoProps } from './registrar-afiliado.command';
import { RegistrarAfiliadoHandler } from './registrar-afiliado.handler';

const ID = '0b8f3c1e-2d4a-4b6c-9e8f-7a6b5c4d3e2f';
const props: RegistrarAfiliadoProps = {
  nombre: 'Juan Pérez',
  email: 'juan@email.com',
  tipoAfiliado: 'premium',
  comisionBase: 15,
  comisionPremium: 20,
};

describe('RegistrarAfiliadoHandler', () => {
  let repository: InMemoryAfiliadoRepository;
  let handler: RegistrarAfiliadoHandler;

  beforeEach(() => {
    repository = new InMemoryAfiliadoRepository();
    handler = new RegistrarAfiliadoHandler(repository);
  });

  it('registers a PENDIENTE afiliado with a generated uuid, its event and one audit record', async () => {
    const { afiliado, creado } = await handler.execute(
      new RegistrarAfiliadoCommand(props, { correlationId: 'corr-1', actor: 'backoffice' }),
    );
    expect(creado).toBe(true);
    expect(afiliado.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(afiliado.estado).toBe('PENDIENTE');
    expect(afiliado.version).toBe(1);
    expect(repository.commits).toHaveLength(1);
    expect(repository.commits[0].events.map((e) => e.eventType)).toEqual(['AfiliadoRegistrado']);
    expect(repository.commits[0].contexto).toEqual({ accion: 'REGISTRAR_AFILIADO', correlationId: 'corr-1', actor: 'backoffice' });
  });

  it('uses 10 % as comision_base when none is given', async () => {
    const { afiliado } = await handler.execute(
      new RegistrarAfiliadoCommand({ nombre: 'Ana', email: 'ana@email.com', tipoAfiliado: 'basico' }),
    );
    expect(afiliado.configuracionComisiones.comisionBase.toString()).toBe('10');
    expect(afiliado.configuracionComisiones.comisionPremium).toBeNull();
  });

  it('keeps a client-supplied id (lower-cased)', async () => {
    const { afiliado } = await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID.toUpperCase() }));
    expect(afiliado.id).toBe(ID);
  });

  it('answers a repeated request (same id, same content) with the stored afiliado, writing nothing', async () => {
    await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    const again = await handler.execute(
      new RegistrarAfiliadoCommand({ ...props, id: ID, email: '  JUAN@email.com', comisionBase: '15.00' }),
    );
    expect(again.creado).toBe(false);
    expect(again.afiliado.id).toBe(ID);
    expect(repository.commits).toHaveLength(1);
  });

  it('still recognises the retry after the afiliado changed state', async () => {
    await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    const stored = (await repository.findById(ID)) as Afiliado;
    stored.activar();
    await repository.save(stored, { accion: 'ACTIVAR_AFILIADO', correlationId: 'c', actor: 'api' });
    const again = await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    expect(again).toMatchObject({ creado: false });
    expect(again.afiliado.estado).toBe('ACTIVO');
  });

  it('refuses the same id with different content: 409 AFILIADO.ID_EN_CONFLICTO', async () => {
    await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    const error = await domainErrorOf(handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID, nombre: 'Otro' })));
    expect(error.code).toBe('AFILIADO.ID_EN_CONFLICTO');
    expect(error.kind).toBe('conflict');
    expect(repository.commits).toHaveLength(1);
  });

  it('refuses an email already registered (whatever its case): 409 AFILIADO.EMAIL_DUPLICADO', async () => {
    await handler.execute(new RegistrarAfiliadoCommand(props));
    const error = await domainErrorOf(
      handler.execute(new RegistrarAfiliadoCommand({ ...props, nombre: 'Otro', email: ' Juan@Email.COM ' })),
    );
    expect(error.code).toBe('AFILIADO.EMAIL_DUPLICADO');
    expect(error.kind).toBe('conflict');
  });

  it('maps a duplicate email found only at insert time (a concurrent registration) to EMAIL_DUPLICADO', async () => {
    repository.beforeSave = async () => {
      repository.beforeSave = undefined;
      const rival = Afiliado.registrar(
        '11111111-2222-4333-8444-555555555555',
        DatosRegistro.of({ nombre: 'Rival', email: 'juan@email.com', tipoAfiliado: 'basico' }),
      );
      await repository.save(rival, { accion: 'REGISTRAR_AFILIADO', correlationId: 'c', actor: 'api' });
    };
    const error = await domainErrorOf(handler.execute(new RegistrarAfiliadoCommand(props)));
    expect(error.code).toBe('AFILIADO.EMAIL_DUPLICADO');
  });

  it('turns a concurrent insert of the same id and content into an idempotent replay', async () => {
    repository.beforeSave = async () => {
      repository.beforeSave = undefined;
      await new RegistrarAfiliadoHandler(repository).execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    };
    const result = await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    expect(result.creado).toBe(false);
    expect(repository.commits).toHaveLength(1);
  });

  it('recognises a retry whose copy committed between the id check and the email check (never EMAIL_DUPLICADO for its own email)', async () => {
    repository.beforeFindByEmail = async () => {
      repository.beforeFindByEmail = undefined;
      await new RegistrarAfiliadoHandler(repository).execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    };
    const result = await handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID }));
    expect(result).toMatchObject({ creado: false, afiliado: { id: ID } });
    expect(repository.commits).toHaveLength(1);
  });

  it('a copy of the same id with other content committed between the two checks is ID_EN_CONFLICTO, not EMAIL_DUPLICADO', async () => {
    repository.beforeFindByEmail = async () => {
      repository.beforeFindByEmail = undefined;
      await new RegistrarAfiliadoHandler(repository).execute(new RegistrarAfiliadoCommand({ ...props, id: ID, nombre: 'Otro nombre' }));
    };
    const error = await domainErrorOf(handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID })));
    expect(error.code).toBe('AFILIADO.ID_EN_CONFLICTO');
  });

  it('turns a concurrent insert of the same id with other content into ID_EN_CONFLICTO', async () => {
    repository.beforeSave = async () => {
      repository.beforeSave = undefined;
      await new RegistrarAfiliadoHandler(repository).execute(
        new RegistrarAfiliadoCommand({ ...props, id: ID, email: 'otra@email.com' }),
      );
    };
    const error = await domainErrorOf(handler.execute(new RegistrarAfiliadoCommand({ ...props, id: ID })));
    expect(error.code).toBe('AFILIADO.ID_EN_CONFLICTO');
  });

  it('validates before reading: invalid data is a validation error and nothing is written', async () => {
    const error = await domainErrorOf(handler.execute(new RegistrarAfiliadoCommand({ ...props, comisionPremium: 5 })));
    expect(error.code).toBe('AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE');
    expect(error.kind).toBe('business_rule');
    expect(repository.commits).toHaveLength(0);
  });
});
