import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ObtenerEcosistemaHandler } from '../../application/queries/obtener-ecosistema/obtener-ecosistema.handler';
import { ObtenerEcosistemaQuery } from '../../application/queries/obtener-ecosistema/obtener-ecosistema.query';
import { EcosistemaResponseDto } from './ecosistema.response.dto';

@ApiTags('ecosistema')
@Controller('ecosistema')
export class EcosistemaHttpController {
  constructor(private readonly obtenerEcosistema: ObtenerEcosistemaHandler) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Topics, partitions, rates, subscription backlogs, DLQ sizes and services up',
    description:
      "From Pulsar's admin REST API (partitioned-stats of every catalog topic; stored messages of every catalog " +
      "subscription's dead-letter topic `{topic}-{subscription}-DLQ`) and each service's `/health` (short timeout, in " +
      'parallel). A snapshot is reused for `MONITOREO_ECOSISTEMA_CACHE_MS` (1500 ms). When the broker does not answer, ' +
      '200 with `broker.ok = false` and `broker.error`. Rates are computed by the broker about once a minute.',
  })
  @ApiOkResponse({ type: EcosistemaResponseDto })
  async ecosistema(): Promise<EcosistemaResponseDto> {
    return EcosistemaResponseDto.de(await this.obtenerEcosistema.execute(new ObtenerEcosistemaQuery()));
  }
}
