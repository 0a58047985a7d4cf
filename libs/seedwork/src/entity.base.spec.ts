import { Entity } from './entity.base';

interface PersonaProps {
  nombre: string;
}

class Persona extends Entity<PersonaProps> {
  static create(id: string, nombre: string): Persona {
    return new Persona({ id, props: { nombre } });
  }

  rename(nombre: string): void {
    this.props.nombre = nombre;
  }
}

class Empresa extends Entity<PersonaProps> {
  static create(id: string, nombre: string): Empresa {
    return new Empresa({ id, props: { nombre } });
  }
}

describe('Entity', () => {
  it('is equal to another entity of the same class with the same id, whatever its state', () => {
    const a = Persona.create('1', 'Ana');
    const b = Persona.create('1', 'Otra');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(Persona.create('2', 'Ana'))).toBe(false);
  });

  it('is not equal to an entity of another class with the same id', () => {
    expect(Persona.create('1', 'Ana').equals(Empresa.create('1', 'Ana'))).toBe(false);
  });

  it('is not equal to null or undefined', () => {
    expect(Persona.create('1', 'Ana').equals(null)).toBe(false);
    expect(Persona.create('1', 'Ana').equals(undefined)).toBe(false);
  });

  it('requires an id', () => {
    expect(() => Persona.create('', 'Ana')).toThrow(/non-empty id/);
    expect(() => Persona.create('  ', 'Ana')).toThrow(/non-empty id/);
  });

  it('hands out a frozen snapshot that cannot change the entity', () => {
    const persona = Persona.create('1', 'Ana');
    const snapshot = persona.getProps();
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(() => {
      (snapshot as PersonaProps).nombre = 'X';
    }).toThrow(TypeError);
    persona.rename('Beatriz');
    expect(snapshot.nombre).toBe('Ana');
    expect(persona.getProps().nombre).toBe('Beatriz');
  });

  it('does not share the props object it was created from', () => {
    const props = { nombre: 'Ana' };
    class Otra extends Entity<PersonaProps> {
      constructor() {
        super({ id: '9', props });
      }
    }
    const entity = new Otra();
    props.nombre = 'cambiado';
    expect(entity.getProps().nombre).toBe('Ana');
  });
});
