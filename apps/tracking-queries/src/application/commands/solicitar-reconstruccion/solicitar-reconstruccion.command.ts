import { Command, type CommandOptions } from '@alpes/seedwork';

/** Rebuild every projection from the earliest retained message (POST /tracking/queries/admin/rebuild). */
export class SolicitarReconstruccionCommand extends Command {
  constructor(
    /** Why (kept in the audit record). */
    readonly motivo: string | null = null,
    options?: CommandOptions,
  ) {
    super(options);
  }
}
