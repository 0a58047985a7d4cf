import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import {
  AfiliadoYaRegistradoError,
  EmailDuplicadoError,
  IdEnConflictoError,
} from '../../../domain/afiliado/afiliado.errors';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { DatosRegistro } from '../../../domain/afiliado/value-objects/datos-registro.value-object';
import { RegistrarAfiliadoCommand } from './registrar-afiliado.command';

export interface RegistroAfiliadoResultado {
  afiliado: Afiliado;
  /** false when the request repeated an earlier registration with the same id and content (nothing was written). */
  creado: boolean;
}

/**
 * Registers an afiliado (PENDIENTE). With a client-supplied id the command is idempotent: the same id with the same
 * content answers the stored afiliado, the same id with other content is `AFILIADO.ID_EN_CONFLICTO`. A taken email
 * is `AFILIADO.EMAIL_DUPLICADO`, also when two registrations race (the UNIQUE index decides, the repository maps it).
 * The id is always looked at first, also after a taken email or a unique-key violation: concurrent copies of one
 * request (a client retrying) all get the one afiliado, never a 409 for its own email.
 */
@Injectable()
export class RegistrarAfiliadoHandler implements ICommandHandler<RegistrarAfiliadoCommand, RegistroAfiliadoResultado> {
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  async execute(command: RegistrarAfiliadoCommand): Promise<RegistroAfiliadoResultado> {
    const datos = DatosRegistro.of({
      nombre: command.nombre,
      email: command.email,
      tipoAfiliado: command.tipoAfiliado,
      comisionBase: command.comisionBase,
      comisionPremium: command.comisionPremium,
      pais: command.pais,
      redesSociales: command.redesSociales,
    });
    const idCliente = command.id?.toLowerCase();

    const previo = await this.registroPrevio(idCliente, datos);
    if (previo) return previo;
    if (await this.repository.findByEmail(datos.email.value)) {
      // A concurrent copy of this very request may have committed between the two reads: a retry is recognised
      // before the email is judged taken.
      const repetido = await this.registroPrevio(idCliente, datos);
      if (repetido) return repetido;
      throw new EmailDuplicadoError(datos.email.value);
    }

    const afiliado = Afiliado.registrar(idCliente ?? randomUUID(), datos);
    try {
      await this.repository.save(afiliado, {
        accion: 'REGISTRAR_AFILIADO',
        correlationId: command.correlationId,
        actor: command.actor,
      });
    } catch (error) {
      // A concurrent request with the same id got there first: a replay of it, or a conflict.
      if (error instanceof AfiliadoYaRegistradoError || error instanceof EmailDuplicadoError) {
        const repetido = await this.registroPrevio(idCliente, datos);
        if (repetido) return repetido;
      }
      if (error instanceof AfiliadoYaRegistradoError) throw new IdEnConflictoError(afiliado.id);
      throw error;
    }
    return { afiliado, creado: true };
  }

  /**
   * The stored afiliado when the client id was registered already: the same content → that registration again
   * (`creado: false`), other content → `AFILIADO.ID_EN_CONFLICTO`. Null without a client id or when it is free.
   */
  private async registroPrevio(idCliente: string | undefined, datos: DatosRegistro): Promise<RegistroAfiliadoResultado | null> {
    if (idCliente === undefined) return null;
    const existente = await this.repository.findById(idCliente);
    return existente ? this.repeticion(existente, datos) : null;
  }

  private repeticion(existente: Afiliado, datos: DatosRegistro): RegistroAfiliadoResultado {
    if (!existente.fueRegistradoCon(datos)) throw new IdEnConflictoError(existente.id);
    return { afiliado: existente, creado: false };
  }
}
