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

    if (idCliente !== undefined) {
      const existente = await this.repository.findById(idCliente);
      if (existente) return this.repeticion(existente, datos);
    }
    const conMismoEmail = await this.repository.findByEmail(datos.email.value);
    if (conMismoEmail) throw new EmailDuplicadoError(datos.email.value);

    const afiliado = Afiliado.registrar(idCliente ?? randomUUID(), datos);
    try {
      await this.repository.save(afiliado, {
        accion: 'REGISTRAR_AFILIADO',
        correlationId: command.correlationId,
        actor: command.actor,
      });
    } catch (error) {
      // A concurrent request with the same id got there first: a replay of it, or a conflict.
      if (idCliente !== undefined && (error instanceof AfiliadoYaRegistradoError || error instanceof EmailDuplicadoError)) {
        const existente = await this.repository.findById(idCliente);
        if (existente) return this.repeticion(existente, datos);
      }
      if (error instanceof AfiliadoYaRegistradoError) throw new IdEnConflictoError(afiliado.id);
      throw error;
    }
    return { afiliado, creado: true };
  }

  private repeticion(existente: Afiliado, datos: DatosRegistro): RegistroAfiliadoResultado {
    if (!existente.fueRegistradoCon(datos)) throw new IdEnConflictoError(existente.id);
    return { afiliado: existente, creado: false };
  }
}
