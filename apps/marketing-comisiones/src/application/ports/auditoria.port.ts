import type { Transaccion } from '../../domain/shared/transaccion';

export const AUDITORIA = Symbol('Auditoria');

export interface RegistroAuditoria {
  readonly accion: string;
  readonly recurso: 'campana' | 'comision' | 'pago';
  readonly recursoId: string;
  readonly detalle?: string;
  readonly correlationId?: string;
}

/** One `AccionRegistrada` per accepted command, written in the command's own transaction. */
export interface Auditoria {
  registrar(tx: Transaccion, registro: RegistroAuditoria): Promise<void>;
}
