import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import { AFILIADOS_PROYECCION_REPOSITORY, type AfiliadosProyeccionRepository } from '../../../domain/afiliado/afiliado-proyeccion.repository.port';
import { Campana } from '../../../domain/campana/campana.aggregate';
import { CampanaErrors } from '../../../domain/campana/campana.errors';
import { CAMPANA_REPOSITORY, type CampanaRepository } from '../../../domain/campana/campana.repository.port';
import { AUDITORIA, type Auditoria } from '../../ports/auditoria.port';
import { RELOJ, type Reloj } from '../../ports/reloj.port';
import { UNIT_OF_WORK, type UnitOfWork } from '../../ports/unit-of-work.port';
import type { CrearCampanaCommand, CrearCampanaInput } from './crear-campana.command';

export interface CrearCampanaResultado {
  readonly campana: Campana;
  /** false: a retry of an earlier identical request (client-supplied id); nothing new was created. */
  readonly creada: boolean;
}

@Injectable()
export class CrearCampanaHandler implements ICommandHandler<CrearCampanaCommand, CrearCampanaResultado> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly uow: UnitOfWork,
    @Inject(CAMPANA_REPOSITORY) private readonly campanas: CampanaRepository,
    @Inject(AFILIADOS_PROYECCION_REPOSITORY) private readonly afiliados: AfiliadosProyeccionRepository,
    @Inject(AUDITORIA) private readonly auditoria: Auditoria,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  execute(command: CrearCampanaCommand): Promise<CrearCampanaResultado> {
    const { input } = command;
    const id = input.id ?? randomUUID();
    const huella = huellaDeCreacion(input);
    return this.uow.run(async (tx) => {
      // A plain read (on the transaction's connection): locking an id that does not exist yet would gap-lock and make
      // concurrent retries deadlock.
      const existente = input.id ? await this.campanas.findById(id, tx) : null;
      if (existente) return this.repeticion(existente, huella);

      const influencers = [...new Set(input.influencersIds ?? [])];
      const conocidos = await this.afiliados.findMany(influencers, tx);
      const campana = Campana.crear({
        id,
        nombre: input.nombre,
        producto: input.producto,
        marca: input.marca,
        presupuesto: input.presupuesto,
        moneda: input.moneda,
        fechaInicio: input.fechaInicio ?? null,
        fechaFin: input.fechaFin ?? null,
        ventanaAtribucionDias: input.ventanaAtribucionDias,
        reglas: input.reglas,
        afiliados: influencers.map((afiliadoId) => ({ id: afiliadoId, afiliado: conocidos.get(afiliadoId) ?? null })),
        huellaCreacion: huella,
        ahora: this.reloj.ahora(),
        traza: { correlationId: command.correlationId },
      });
      if (!(await this.campanas.insertar(tx, campana))) {
        // A concurrent request with the same id committed first: same content → the same resource.
        const ganadora = await this.campanas.findByIdParaActualizar(tx, id);
        if (!ganadora) throw new Error(`Campaign ${id} collided on insert but cannot be read back`);
        return this.repeticion(ganadora, huella);
      }
      await this.auditoria.registrar(tx, { accion: 'CREAR_CAMPANA', recurso: 'campana', recursoId: id, correlationId: command.correlationId });
      return { campana, creada: true };
    });
  }

  private repeticion(existente: Campana, huella: string): CrearCampanaResultado {
    if (existente.huellaCreacion !== huella) throw CampanaErrors.idEnConflicto(existente.id);
    return { campana: existente, creada: false };
  }
}

/**
 * Fingerprint of what a create request asks for (ids of influencers as a set, defaults applied), so that the same
 * request repeated with its client id is recognised and a different one is refused.
 */
export function huellaDeCreacion(input: CrearCampanaInput): string {
  const canonica = {
    nombre: input.nombre.trim(),
    producto: input.producto.trim(),
    marca: input.marca.trim(),
    presupuesto: decimalCanonico(input.presupuesto),
    moneda: input.moneda,
    fecha_inicio: input.fechaInicio ? input.fechaInicio.getTime() : null,
    fecha_fin: input.fechaFin ? input.fechaFin.getTime() : null,
    ventana_atribucion_dias: input.ventanaAtribucionDias ?? 30,
    reglas: input.reglas.map((r) => ({
      tipo_evento: r.tipo_evento,
      tipo_conversion: r.tipo_conversion ?? null,
      modelo: r.modelo,
      valor: decimalCanonico(r.valor),
    })),
    influencers: [...new Set(input.influencersIds ?? [])].sort(),
  };
  return createHash('sha256').update(JSON.stringify(canonica)).digest('hex');
}

/** "10.50" and "10.5" are the same amount. */
function decimalCanonico(valor: string): string {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(valor.trim());
  if (!m) return valor;
  const entero = m[2].replace(/^0+(?=\d)/, '');
  const fraccion = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1] === '-' ? '-' : ''}${entero}${fraccion ? `.${fraccion}` : ''}`;
}
