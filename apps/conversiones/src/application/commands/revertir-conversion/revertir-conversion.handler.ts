import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { ConversionNoEncontradaError, ReversionEnCursoError, TransicionConversionInvalidaError } from '../../../domain/conversion/conversion.errors';
import { COLA_INGESTA, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { CONVERSIONES_LECTURA, type ConversionesLectura } from '../../ports/conversiones-lectura.port';
import { RevertirConversionCommand } from './revertir-conversion.command';

/**
 * Refund: checks the conversion's current state (rebuilt from its events) and hands `RevertirConversion` to the
 * ingest queue. Unknown → 404; not VALIDADA (still REGISTRADA, RECHAZADA, already REVERTIDA) → 409
 * `CONVERSION.TRANSICION_INVALIDA`. Of concurrent reverts of one VALIDADA conversion exactly one is accepted (the
 * ingest transaction's row in `reversiones_aceptadas` decides); the others, and any revert until the accepted one is
 * applied, are 409 `CONVERSION.REVERSION_EN_CURSO`. A revert carries no client id, so a client's retry of an accepted
 * revert is also that 409 (its GET shows the conversion REVERTIDA once applied). The processor checks the transition
 * again when it applies it.
 */
@Injectable()
export class RevertirConversionHandler implements ICommandHandler<RevertirConversionCommand, { id: string }> {
  constructor(
    @Inject(CONVERSIONES_LECTURA) private readonly conversiones: ConversionesLectura,
    @Inject(COLA_INGESTA) private readonly cola: ColaIngesta,
  ) {}

  async execute(command: RevertirConversionCommand): Promise<{ id: string }> {
    const id = command.conversionId;
    const conversion = await this.conversiones.cargar(id);
    if (!conversion) {
      if (await this.conversiones.aceptada(id)) throw new TransicionConversionInvalidaError(id, 'REGISTRADA', 'revertir');
      throw new ConversionNoEncontradaError(id);
    }
    if (!conversion.puede('revertir')) throw new TransicionConversionInvalidaError(id, conversion.estado, 'revertir');
    const [resultado] = await this.cola.encolar([
      {
        comando: {
          eventType: 'RevertirConversion',
          payload: { conversion_id: id, motivo: command.motivo },
          key: conversion.campanaId ?? id,
        },
        correlationId: command.correlationId,
        actor: command.actor,
        auditar: { accion: 'RevertirConversion', recurso: 'conversion' },
      },
    ]);
    if (resultado === 'CONFLICTO') throw new ReversionEnCursoError(id);
    return { id };
  }
}
