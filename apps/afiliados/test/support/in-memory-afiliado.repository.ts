import type { PageRequest, Paginated } from '@alpes/seedwork';
import { Afiliado } from '../../src/domain/afiliado/afiliado.aggregate';
import {
  AfiliadoYaRegistradoError,
  EmailDuplicadoError,
  ModificacionConcurrenteError,
} from '../../src/domain/afiliado/afiliado.errors';
import type {
  AfiliadoRepository,
  ContextoCambio,
  FiltroAfiliados,
} from '../../src/domain/afiliado/afiliado.repository.port';
import type { AfiliadoDomainEvent } from '../../src/domain/afiliado/events';
import { DatosRegistro } from '../../src/domain/afiliado/value-objects/datos-registro.value-object';

interface Stored {
  id: string;
  props: ReturnType<Afiliado['getProps']>;
  version: number;
}

/** A fake of the repository port with the same guarantees: unique id and email, version check, events + audit. */
export class InMemoryAfiliadoRepository implements AfiliadoRepository {
  readonly rows = new Map<string, Stored>();
  /** Everything "committed", in order: the events and audit context of each save. */
  readonly commits: { events: AfiliadoDomainEvent[]; contexto: ContextoCambio; afiliadoId: string }[] = [];
  /** Runs before a save is applied (lets a test simulate a concurrent writer). */
  beforeSave?: (afiliado: Afiliado) => void | Promise<void>;
  /** Runs before an email lookup (lets a test commit a concurrent writer between two reads). */
  beforeFindByEmail?: (email: string) => void | Promise<void>;

  async findById(id: string): Promise<Afiliado | null> {
    const row = this.rows.get(id);
    return row ? Afiliado.restore(row.id, { ...row.props, redesSociales: [...row.props.redesSociales] }, row.version) : null;
  }

  async findByEmail(email: string): Promise<Afiliado | null> {
    await this.beforeFindByEmail?.(email);
    const row = [...this.rows.values()].find((r) => r.props.email.value === email);
    return row ? this.findById(row.id) : null;
  }

  async findMany(filtro: FiltroAfiliados, page: PageRequest): Promise<Paginated<Afiliado>> {
    const texto = filtro.texto?.toLowerCase();
    const matches = [...this.rows.values()]
      .filter((r) => !filtro.estado || r.props.estado === filtro.estado)
      .filter((r) => !filtro.tipoAfiliado || r.props.tipoAfiliado === filtro.tipoAfiliado)
      .filter((r) => !filtro.email || r.props.email.value === filtro.email)
      .filter((r) => !texto || r.props.nombre.toLowerCase().includes(texto) || r.props.email.value.includes(texto))
      .sort((a, b) => b.props.creadoEn.getTime() - a.props.creadoEn.getTime() || a.id.localeCompare(b.id));
    const items = await Promise.all(
      matches.slice(page.offset, page.offset + page.limit).map(async (r) => (await this.findById(r.id)) as Afiliado),
    );
    return page.toPaginated(items, matches.length);
  }

  async save(afiliado: Afiliado, contexto: ContextoCambio): Promise<void> {
    await this.beforeSave?.(afiliado);
    const stored = this.rows.get(afiliado.id);
    const events = afiliado.pendingEvents as AfiliadoDomainEvent[];
    if (afiliado.version === 0 && !stored) {
      if ([...this.rows.values()].some((r) => r.props.email.value === afiliado.email.value)) {
        throw new EmailDuplicadoError(afiliado.email.value);
      }
    } else if (afiliado.version === 0) {
      throw new AfiliadoYaRegistradoError(afiliado.id);
    } else if (!stored || stored.version !== afiliado.version) {
      throw new ModificacionConcurrenteError(afiliado.id, afiliado.version);
    }
    const version = events.length > 0 ? afiliado.version + 1 : afiliado.version;
    if (events.length > 0) this.rows.set(afiliado.id, { id: afiliado.id, props: afiliado.getProps(), version });
    afiliado.pullEvents();
    afiliado.markPersisted(version);
    this.commits.push({ events, contexto, afiliadoId: afiliado.id });
  }

  /** Simulates another request saving the afiliado (bumps the stored version). */
  bumpVersion(id: string): void {
    const row = this.rows.get(id);
    if (row) row.version += 1;
  }
}

/** A repository holding one PENDIENTE afiliado `id` (commits cleared), for handler tests. */
export async function repositorioConAfiliado(id: string): Promise<InMemoryAfiliadoRepository> {
  const repository = new InMemoryAfiliadoRepository();
  const afiliado = Afiliado.registrar(
    id,
    DatosRegistro.of({ nombre: 'Ana', email: `ana.${id.slice(0, 8)}@email.com`, tipoAfiliado: 'influencer' }),
  );
  await repository.save(afiliado, { accion: 'REGISTRAR_AFILIADO', correlationId: 'setup', actor: 'test' });
  repository.commits.length = 0;
  return repository;
}
