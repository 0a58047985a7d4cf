import { Campana, type CrearCampanaProps } from '../domain/campana/campana.aggregate';
import type { ReglaComisionInput } from '../domain/campana/regla-comision.value-object';

export const AHORA = new Date('2025-06-15T12:00:00.000Z');

export const REGLAS_COMPLETAS: ReglaComisionInput[] = [
  { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '10' },
  { tipo_evento: 'conversion', tipo_conversion: null, modelo: 'CPA', valor: '5000' },
  { tipo_evento: 'click', modelo: 'CPC', valor: '350' },
  { tipo_evento: 'impresion', modelo: 'CPM', valor: '2500' },
];

/** A campaign in COP (BORRADOR unless `estado` says otherwise), events already pulled. */
export function campana(overrides: Partial<CrearCampanaProps> & { estado?: 'ACTIVA' | 'PAUSADA' | 'FINALIZADA' } = {}): Campana {
  const { estado, ...props } = overrides;
  const c = Campana.crear({
    id: 'c0000000-0000-4000-8000-000000000001',
    nombre: 'Lanzamiento',
    producto: 'Zapatillas',
    marca: 'Alpes',
    presupuesto: '1000000',
    moneda: 'COP',
    reglas: REGLAS_COMPLETAS,
    afiliados: [],
    huellaCreacion: 'h',
    ahora: AHORA,
    ...props,
  });
  if (estado === 'ACTIVA' || estado === 'PAUSADA' || estado === 'FINALIZADA') c.activar(AHORA);
  if (estado === 'PAUSADA') c.pausar(null, AHORA);
  if (estado === 'FINALIZADA') c.finalizar(AHORA);
  c.pullDomainEvents();
  return c;
}
