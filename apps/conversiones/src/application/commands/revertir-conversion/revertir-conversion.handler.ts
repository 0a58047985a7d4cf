import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { ConversionNoEncontradaError, TransicionConversionInvalidaError } from '../../../domain/conversion/conversion.errors';
import { COLA_INGESTA, type ColaIngesta } from '../../ports/cola-ingesta.port';
import { CONVERSIONES_LECTURA, type ConversionesLectura } from '../../ports/conversiones-lectura.port';
import { RevertirConversionCommand } from './revertir-conversion.command';

/**
 * Refund: checks the conversion's current state (rebuilt from its events) and hands `RevertirConversion` to the
 * ingest queue. Unknown → 404; not VALIDADA (still REGISTRADA, RECHAZADA, already REVERTIDA) → 409. The processor
 * checks the transition again when it applies it (two concurrent reverts: the second is ignored there).
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
    await this.cola.encolar([
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
    return { id };
  }
}
