import { Decimal } from 'decimal.js';
import { ValueObject } from './value-object.base';

interface DireccionProps {
  calle: string;
  numero: number;
  tags: string[];
  extra?: { piso: number };
}

class Direccion extends ValueObject<DireccionProps> {
  constructor(props: DireccionProps) {
    super(props);
  }

  get calle(): string {
    return this.props.calle;
  }

  get tags(): readonly string[] {
    return this.props.tags;
  }

  get extra(): DireccionProps['extra'] {
    return this.props.extra;
  }
}

class OtraDireccion extends ValueObject<DireccionProps> {
  constructor(props: DireccionProps) {
    super(props);
  }
}

class Tasa extends ValueObject<{ valor: Decimal; desde: Date; direccion: Direccion }> {
  constructor(valor: string, desde: string, direccion: Direccion) {
    super({ valor: new Decimal(valor), desde: new Date(desde), direccion });
  }
}

const props = (): DireccionProps => ({ calle: 'Calle 1', numero: 10, tags: ['a', 'b'], extra: { piso: 2 } });

describe('ValueObject', () => {
  it('is equal when props are structurally equal, nested objects and arrays included', () => {
    expect(new Direccion(props()).equals(new Direccion(props()))).toBe(true);
    expect(new Direccion(props()).equals(new Direccion({ ...props(), numero: 11 }))).toBe(false);
    expect(new Direccion(props()).equals(new Direccion({ ...props(), tags: ['a'] }))).toBe(false);
    expect(new Direccion(props()).equals(new Direccion({ ...props(), tags: ['b', 'a'] }))).toBe(false);
    expect(new Direccion(props()).equals(new Direccion({ ...props(), extra: { piso: 3 } }))).toBe(false);
    expect(new Direccion(props()).equals(new Direccion({ ...props(), extra: undefined }))).toBe(false);
  });

  it('is not equal to a value object of another class with the same props, nor to null', () => {
    expect(new Direccion(props()).equals(new OtraDireccion(props()))).toBe(false);
    expect(new Direccion(props()).equals(null)).toBe(false);
  });

  it('compares Decimals, Dates and nested value objects by value', () => {
    const d = () => new Direccion(props());
    expect(new Tasa('1.50', '2024-01-01', d()).equals(new Tasa('1.5', '2024-01-01', d()))).toBe(true);
    expect(new Tasa('1.5', '2024-01-01', d()).equals(new Tasa('1.51', '2024-01-01', d()))).toBe(false);
    expect(new Tasa('1.5', '2024-01-01', d()).equals(new Tasa('1.5', '2024-01-02', d()))).toBe(false);
    const otra = new Direccion({ ...props(), calle: 'Otra' });
    expect(new Tasa('1.5', '2024-01-01', d()).equals(new Tasa('1.5', '2024-01-01', otra))).toBe(false);
  });

  it('is immutable: props are deeply frozen copies', () => {
    const input = props();
    const extraInput = input.extra as { piso: number };
    const direccion = new Direccion(input);
    input.calle = 'cambiada';
    input.tags.push('c');
    extraInput.piso = 9;
    expect(direccion.calle).toBe('Calle 1');
    expect(direccion.tags).toEqual(['a', 'b']);
    expect(direccion.extra).toEqual({ piso: 2 });

    expect(() => (direccion.tags as string[]).push('x')).toThrow(TypeError);
    expect(() => {
      (direccion.extra as { piso: number }).piso = 5;
    }).toThrow(TypeError);
    expect(() => {
      (direccion as unknown as { props: DireccionProps }).props.calle = 'x';
    }).toThrow(TypeError);
  });
});
