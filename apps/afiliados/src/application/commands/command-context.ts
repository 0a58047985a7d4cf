import type { CommandOptions } from '@alpes/seedwork';

/** Who sends a command; `actor` ends up in the audit record (header `x-actor`, default "api"). */
export interface CommandContextOptions extends CommandOptions {
  actor?: string;
}

export const ACTOR_POR_DEFECTO = 'api';
