import { Inject, Injectable } from '@nestjs/common';
import type { ICommandHandler } from '@alpes/seedwork';
import type { Afiliado } from '../../../domain/afiliado/afiliado.aggregate';
import { AFILIADO_REPOSITORY, AfiliadoRepository } from '../../../domain/afiliado/afiliado.repository.port';
import { ConfiguracionComisiones } from '../../../domain/afiliado/value-objects/configuracion-comisiones.value-object';
import { modificarAfiliado } from '../modificar-afiliado';
import { ActualizarConfiguracionComisionesCommand } from './actualizar-configuracion-comisiones.command';

/**
 * Replaces the commission percentages (any state). An omitted comision_premium removes it. The same configuration
 * again changes nothing and publishes no ConfiguracionComisionesActualizada, but the accepted command is still audited.
 */
@Injectable()
export class ActualizarConfiguracionComisionesHandler
  implements ICommandHandler<ActualizarConfiguracionComisionesCommand, Afiliado>
{
  constructor(@Inject(AFILIADO_REPOSITORY) private readonly repository: AfiliadoRepository) {}

  async execute(command: ActualizarConfiguracionComisionesCommand): Promise<Afiliado> {
    // Validated before touching the database: a bad percentage never costs a read.
    const config = ConfiguracionComisiones.of({
      comisionBase: command.comisionBase,
      comisionPremium: command.comisionPremium,
    });
    let cambio = false;
    return modificarAfiliado(
      this.repository,
      command.afiliadoId,
      () => ({
        accion: 'ACTUALIZAR_CONFIGURACION_COMISIONES',
        correlationId: command.correlationId,
        actor: command.actor,
        ...(cambio ? {} : { detalle: 'sin cambios' }),
      }),
      (afiliado) => {
        cambio = afiliado.actualizarConfiguracionComisiones(config);
      },
    );
  }
}
