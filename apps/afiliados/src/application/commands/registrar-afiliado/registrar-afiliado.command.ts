import { Command } from '@alpes/seedwork';
import type { TipoAfiliado } from '../../../domain/afiliado/value-objects/tipo-afiliado';
import { ACTOR_POR_DEFECTO, CommandContextOptions } from '../command-context';

export interface RegistrarAfiliadoProps {
  /** Client-supplied id (uuid) for idempotent retries; a fresh one is generated when absent. */
  id?: string;
  nombre: string;
  email: string;
  tipoAfiliado: TipoAfiliado;
  /** Percentages as decimal text or numbers (12.5 = 12.5 %); comisionBase defaults to 10. */
  comisionBase?: string | number | null;
  comisionPremium?: string | number | null;
  pais?: string | null;
  redesSociales?: string[] | null;
}

export class RegistrarAfiliadoCommand extends Command {
  readonly id?: string;
  readonly nombre: string;
  readonly email: string;
  readonly tipoAfiliado: TipoAfiliado;
  readonly comisionBase?: string | number | null;
  readonly comisionPremium?: string | number | null;
  readonly pais?: string | null;
  readonly redesSociales?: string[] | null;
  readonly actor: string;

  constructor(props: RegistrarAfiliadoProps, options: CommandContextOptions = {}) {
    super(options);
    this.id = props.id;
    this.nombre = props.nombre;
    this.email = props.email;
    this.tipoAfiliado = props.tipoAfiliado;
    this.comisionBase = props.comisionBase;
    this.comisionPremium = props.comisionPremium;
    this.pais = props.pais;
    this.redesSociales = props.redesSociales;
    this.actor = options.actor ?? ACTOR_POR_DEFECTO;
  }
}
