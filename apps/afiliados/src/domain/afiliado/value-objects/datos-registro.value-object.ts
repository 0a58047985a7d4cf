import { createHash } from 'node:crypto';
import { DecimalInput, ValueObject } from '@alpes/seedwork';
import { NombreInvalidoError, PaisInvalidoError, RedesSocialesInvalidasError } from '../afiliado.errors';
import { ConfiguracionComisiones } from './configuracion-comisiones.value-object';
import { Email } from './email.value-object';
import { TipoAfiliado, parseTipoAfiliado } from './tipo-afiliado';

export const NOMBRE_MAX_LENGTH = 200;
export const REDES_SOCIALES_MAX = 20;
export const RED_SOCIAL_MAX_LENGTH = 200;

export interface DatosRegistroInput {
  nombre: unknown;
  email: unknown;
  tipoAfiliado: unknown;
  comisionBase?: DecimalInput | null;
  comisionPremium?: DecimalInput | null;
  pais?: string | null;
  redesSociales?: readonly string[] | null;
}

interface DatosRegistroProps {
  nombre: string;
  email: Email;
  tipoAfiliado: TipoAfiliado;
  configuracionComisiones: ConfiguracionComisiones;
  pais: string | null;
  redesSociales: string[];
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * What a registration request says, validated and normalised. Its `huella` (fingerprint) identifies the request:
 * two requests with the same normalised content have the same huella, so a retried POST with a client-supplied id
 * can be told apart from a different afiliado that reuses the id.
 */
export class DatosRegistro extends ValueObject<DatosRegistroProps> {
  private constructor(props: DatosRegistroProps) {
    super(props);
  }

  static of(input: DatosRegistroInput): DatosRegistro {
    return new DatosRegistro({
      nombre: normalizarNombre(input.nombre),
      email: Email.of(input.email),
      tipoAfiliado: parseTipoAfiliado(input.tipoAfiliado),
      configuracionComisiones: ConfiguracionComisiones.of({
        comisionBase: input.comisionBase,
        comisionPremium: input.comisionPremium,
      }),
      pais: normalizarPais(input.pais),
      redesSociales: normalizarRedes(input.redesSociales),
    });
  }

  get nombre(): string {
    return this.props.nombre;
  }
  get email(): Email {
    return this.props.email;
  }
  get tipoAfiliado(): TipoAfiliado {
    return this.props.tipoAfiliado;
  }
  get configuracionComisiones(): ConfiguracionComisiones {
    return this.props.configuracionComisiones;
  }
  get pais(): string | null {
    return this.props.pais;
  }
  get redesSociales(): string[] {
    return [...this.props.redesSociales];
  }

  /** sha256 (hex) of the canonical form; 10 and 10.0 give the same huella. */
  get huella(): string {
    const canonical = JSON.stringify([
      this.nombre,
      this.email.value,
      this.tipoAfiliado,
      this.configuracionComisiones.comisionBase.toString(),
      this.configuracionComisiones.comisionPremium?.toString() ?? null,
      this.pais,
      this.props.redesSociales,
    ]);
    return createHash('sha256').update(canonical).digest('hex');
  }
}

export function normalizarNombre(raw: unknown): string {
  if (typeof raw !== 'string') throw new NombreInvalidoError('debe ser un texto');
  const nombre = raw.trim();
  if (nombre.length === 0) throw new NombreInvalidoError('está vacío');
  if (nombre.length > NOMBRE_MAX_LENGTH) throw new NombreInvalidoError(`supera ${NOMBRE_MAX_LENGTH} caracteres`);
  if (CONTROL_CHARS.test(nombre)) throw new NombreInvalidoError('contiene caracteres de control');
  return nombre;
}

function normalizarPais(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null) return null;
  const pais = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!/^[A-Z]{2}$/.test(pais)) throw new PaisInvalidoError(raw);
  return pais;
}

function normalizarRedes(raw: readonly string[] | null | undefined): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new RedesSocialesInvalidasError('debe ser una lista');
  if (raw.length > REDES_SOCIALES_MAX) throw new RedesSocialesInvalidasError(`como máximo ${REDES_SOCIALES_MAX}`);
  return raw.map((red) => {
    const value = typeof red === 'string' ? red.trim() : '';
    if (value.length === 0 || value.length > RED_SOCIAL_MAX_LENGTH || CONTROL_CHARS.test(value)) {
      throw new RedesSocialesInvalidasError(`cada una debe tener entre 1 y ${RED_SOCIAL_MAX_LENGTH} caracteres`);
    }
    return value;
  });
}
