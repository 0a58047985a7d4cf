import type { TipoConversion } from '../shared/tipos';
import { CampanaErrors } from './campana.errors';
import { ReglaComision, type ReglaComisionInput } from './regla-comision.value-object';

/** The rule set of a campaign: at least one rule, at most one per (tipo_evento, tipo_conversion). */
export class ReglasComision {
  private constructor(private readonly reglas: readonly ReglaComision[]) {}

  static crear(inputs: readonly ReglaComisionInput[], moneda: string): ReglasComision {
    if (inputs.length === 0) throw CampanaErrors.sinReglas();
    const reglas: ReglaComision[] = [];
    const vistas = new Set<string>();
    inputs.forEach((input, indice) => {
      const regla = ReglaComision.crear(input, moneda, indice);
      if (vistas.has(regla.clave())) throw CampanaErrors.reglaDuplicada(indice, regla.tipoEvento, regla.tipoConversion);
      vistas.add(regla.clave());
      reglas.push(regla);
    });
    return new ReglasComision(reglas);
  }

  static rehidratar(reglas: readonly ReglaComision[]): ReglasComision {
    return new ReglasComision([...reglas]);
  }

  todas(): readonly ReglaComision[] {
    return this.reglas;
  }

  /** The rule for a conversion type: the specific one first, then the catch-all (tipo_conversion null). */
  paraConversion(tipoConversion: TipoConversion | string): ReglaComision | null {
    const deConversion = this.reglas.filter((r) => r.tipoEvento === 'conversion');
    return deConversion.find((r) => r.tipoConversion === tipoConversion) ?? deConversion.find((r) => r.tipoConversion === null) ?? null;
  }

  paraClick(): ReglaComision | null {
    return this.reglas.find((r) => r.tipoEvento === 'click') ?? null;
  }

  paraImpresion(): ReglaComision | null {
    return this.reglas.find((r) => r.tipoEvento === 'impresion') ?? null;
  }
}
