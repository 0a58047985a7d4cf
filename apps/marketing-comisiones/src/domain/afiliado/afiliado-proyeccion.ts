import { Percentage } from '@alpes/seedwork';

export type EstadoAfiliado = 'PENDIENTE' | 'ACTIVO' | 'SUSPENDIDO';

export interface AfiliadoProyeccionProps {
  readonly id: string;
  readonly estado: string;
  readonly tipoAfiliado: string;
  readonly comisionBase: Percentage;
  readonly comisionPremium: Percentage | null;
  readonly actualizadoEn: Date;
}

/**
 * What this service knows about an affiliate (owned by `afiliados`), kept up to date from `afiliados.eventos`.
 * A local read model, not an aggregate: it changes only when the upstream says so.
 */
export class AfiliadoProyeccion {
  private constructor(private props: AfiliadoProyeccionProps) {}

  static registrado(props: Omit<AfiliadoProyeccionProps, 'estado'> & { estado?: string }): AfiliadoProyeccion {
    return new AfiliadoProyeccion({ ...props, estado: props.estado ?? 'PENDIENTE' });
  }

  static rehidratar(props: AfiliadoProyeccionProps): AfiliadoProyeccion {
    return new AfiliadoProyeccion(props);
  }

  get id(): string {
    return this.props.id;
  }

  get estado(): string {
    return this.props.estado;
  }

  get tipoAfiliado(): string {
    return this.props.tipoAfiliado;
  }

  get comisionBase(): Percentage {
    return this.props.comisionBase;
  }

  get comisionPremium(): Percentage | null {
    return this.props.comisionPremium;
  }

  get actualizadoEn(): Date {
    return this.props.actualizadoEn;
  }

  esActivo(): boolean {
    return this.props.estado === 'ACTIVO';
  }

  /**
   * The CPS percentage that overrides the campaign's rule: a `premium` affiliate's `comision_premium`, when set.
   */
  porcentajePremium(): Percentage | null {
    return this.props.tipoAfiliado === 'premium' ? this.props.comisionPremium : null;
  }

  cambiarEstado(estado: EstadoAfiliado, en: Date): void {
    this.props = { ...this.props, estado, actualizadoEn: en };
  }

  actualizarConfiguracion(comisionBase: Percentage, comisionPremium: Percentage | null, en: Date): void {
    this.props = { ...this.props, comisionBase, comisionPremium, actualizadoEn: en };
  }

  snapshot(): AfiliadoProyeccionProps {
    return { ...this.props };
  }
}
