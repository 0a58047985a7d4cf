import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { mapPage, toPageRequest } from '@alpes/platform';
import { ListarAuditoriaHandler } from '../../application/queries/listar-auditoria/listar-auditoria.handler';
import { ListarAuditoriaQuery } from '../../application/queries/listar-auditoria/listar-auditoria.query';
import { ErrorResponseDto } from './error.response.dto';
import { ListarAuditoriaRequestDto } from './monitoreo.request.dto';
import { AccionAuditadaResponseDto, PaginaAuditoriaResponseDto } from './monitoreo.response.dto';

@ApiTags('auditoria')
@Controller('auditoria')
export class AuditoriaHttpController {
  constructor(private readonly listar: ListarAuditoriaHandler) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail (AccionRegistrada of every service), newest first',
    description: 'Exact-match filters; `desde`/`hasta` are ISO 8601 dates, both inclusive.',
  })
  @ApiOkResponse({ type: PaginaAuditoriaResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'a date that is not a readable ISO 8601 date of years 0000–9999, bad page/limit, unknown filter (field named)' })
  async auditoria(@Query() q: ListarAuditoriaRequestDto): Promise<PaginaAuditoriaResponseDto> {
    const pagina = await this.listar.execute(
      new ListarAuditoriaQuery(
        {
          servicio: q.servicio,
          recurso: q.recurso,
          recursoId: q.recurso_id,
          accion: q.accion,
          // IsFechaConsulta has checked that `new Date` reads them as the date written.
          desde: q.desde === undefined ? undefined : new Date(q.desde),
          hasta: q.hasta === undefined ? undefined : new Date(q.hasta),
        },
        toPageRequest(q),
      ),
    );
    return mapPage(pagina, AccionAuditadaResponseDto.de);
  }
}
