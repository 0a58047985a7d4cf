export interface EntityProps<Props> {
  id: string;
  props: Props;
}

/**
 * An object with identity: two entities are the same when they are of the same class and share an id,
 * whatever their current state.
 *
 * `props` stays mutable for the subclass's behaviour methods; the outside world reads a frozen copy via `getProps()`.
 */
export abstract class Entity<Props extends object> {
  readonly id: string;
  protected readonly props: Props;

  protected constructor({ id, props }: EntityProps<Props>) {
    if (typeof id !== 'string' || id.trim().length === 0) {
      throw new Error(`${new.target.name} requires a non-empty id`);
    }
    this.id = id;
    this.props = { ...props };
  }

  /** Snapshot of the state for mappers and read models; changing it does not change the entity. */
  getProps(): Readonly<Props> {
    return Object.freeze({ ...this.props });
  }

  equals(other: Entity<object> | null | undefined): boolean {
    if (other === null || other === undefined) return false;
    if (other === this) return true;
    return other.constructor === this.constructor && other.id === this.id;
  }
}
