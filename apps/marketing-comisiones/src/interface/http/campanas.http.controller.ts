import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { requestContext, toPageRequest } from '@alpes/platform';
import { AsignarAfiliadoCommand } from '../../application/commands/asignar-afiliado/asignar-afiliado.command';
import { AsignarAfiliadoHandler } from '../../application/commands/asignar-afiliado/asignar-afiliado.handler';
import { CambiarEstadoCampanaCommand, type AccionCampana } from '../../application/commands/cambiar-estado-campana/cambiar-estado-campana.command';
import { CambiarEstadoCampanaHandler } from '../../application/commands/cambiar-estado-campana/cambiar-estado-campana.handler';
import { CrearCampanaCommand } from '../../application/commands/crear-campana/crear-campana.command';
import { CrearCampanaHandler } from '../../application/commands/crear-campana/crear-campana.handler';
import { RetirarAfiliadoCommand } from '../../application/commands/retirar-afiliado/retirar-afiliado.command';
import { RetirarAfiliadoHandler } from '../../application/commands/retirar-afiliado/retirar-afiliado.handler';
import { ListarCampanasHandler } from '../../application/queries/listar-campanas/listar-campanas.handler';
import { ListarCampanasQuery } from '../../application/queries/listar-campanas/listar-campanas.query';
import { ObtenerCampanaHandler } from '../../application/queries/obtener-campana/obtener-campana.handler';
import { ObtenerCampanaQuery } from '../../application/queries/obtener-campana/obtener-campana.query';
import { AsignarAfiliadoRequestDto, ListarCampanasRequestDto, PausarCampanaRequestDto } from './campana-acciones.request.dto';
import { CampanaResponseDto, CampanasPageResponseDto } from './campana.response.dto';
import { CrearCampanaRequestDto } from './crear-campana.request.dto';
import { BAD_REQUEST, ErrorResponseDto } from './error.response.dto';
import { IdExternoPipe, UuidPipe } from './id.pipe';
import { textoDecimal } from './numeros';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Campaign id (uuid); another format → 400 CAMPANA.ID_INVALIDO.' };
const NOT_FOUND = { type: ErrorResponseDto, description: 'CAMPANA.NO_ENCONTRADA' };
const TRANSICION = {
  type: ErrorResponseDto,
  description: 'CAMPANA.TRANSICION_INVALIDA (details { desde, hacia }) or CAMPANA.CONFLICTO_CONCURRENCIA.',
};

function traza() {
  return { correlationId: requestContext().correlationId };
}

@ApiTags('campanas')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'Carried into the events; echoed in the response.' })
@ApiHeader({ name: 'x-actor', required: false, description: 'Who acts (audit trail); default "api".' })
@Controller('api/v1/campanas')
export class CampanasHttpController {
  constructor(
    private readonly crearHandler: CrearCampanaHandler,
    private readonly asignarHandler: AsignarAfiliadoHandler,
    private readonly retirarHandler: RetirarAfiliadoHandler,
    private readonly estadoHandler: CambiarEstadoCampanaHandler,
    private readonly obtenerHandler: ObtenerCampanaHandler,
    private readonly listarHandler: ListarCampanasHandler,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a campaign',
    description:
      'Creates the campaign in BORRADOR with its whole budget available and publishes CampanaCreada (marketing.eventos, ' +
      'with the rules, the attribution window and the influencers assigned) plus AccionRegistrada. Rules: CPM for ' +
      'impresion, CPC for click, CPA (fixed amount) or CPS (percentage 0–100) for conversion, at most one per ' +
      '(tipo_evento, tipo_conversion). With a client `id`, repeating the same request answers **200** with the same ' +
      'campaign (nothing new is written); the same id with other content is 409 CAMPANA.ID_EN_CONFLICTO.',
  })
  @ApiCreatedResponse({ type: CampanaResponseDto, description: 'Created (BORRADOR).' })
  @ApiOkResponse({ type: CampanaResponseDto, description: 'Idempotent repeat of an earlier identical request with the same id.' })
  @ApiBadRequestResponse({
    ...BAD_REQUEST,
    description: `${BAD_REQUEST.description} Domain codes: MONEDA.NO_ISO_4217, MONEY.MONTO_INVALIDO, CAMPANA.PRESUPUESTO_INVALIDO, CAMPANA.FECHAS_INVALIDAS, CAMPANA.REGLA_INVALIDA (details { indice, motivo }), CAMPANA.REGLA_DUPLICADA, CAMPANA.SIN_REGLAS.`,
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAMPANA.AFILIADO_DESCONOCIDO (an influencers_ids entry this service does not know).' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CAMPANA.ID_EN_CONFLICTO' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'CAMPANA.AFILIADO_NO_ACTIVO' })
  async crear(@Body() body: CrearCampanaRequestDto, @Res({ passthrough: true }) res: Response): Promise<CampanaResponseDto> {
    const { campana, creada } = await this.crearHandler.execute(
      new CrearCampanaCommand(
        {
          id: body.id?.toLowerCase(),
          nombre: body.nombre,
          producto: body.producto,
          marca: body.marca,
          presupuesto: textoDecimal(body.presupuesto),
          moneda: body.moneda,
          fechaInicio: body.fecha_inicio ? new Date(body.fecha_inicio) : null,
          fechaFin: body.fecha_fin ? new Date(body.fecha_fin) : null,
          ventanaAtribucionDias: body.ventana_atribucion_dias,
          reglas: body.reglas_comision.map((r) => ({
            tipo_evento: r.tipo_evento,
            tipo_conversion: r.tipo_conversion ?? null,
            modelo: r.modelo,
            valor: textoDecimal(r.valor),
          })),
          influencersIds: body.influencers_ids,
        },
        traza(),
      ),
    );
    res.status(creada ? HttpStatus.CREATED : HttpStatus.OK);
    res.setHeader('Location', `/api/v1/campanas/${campana.id}`);
    return CampanaResponseDto.from(campana);
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns', description: 'Newest first; optional `estado` filter; `page`/`limit` (≤ 100).' })
  @ApiOkResponse({ type: CampanasPageResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async listar(@Query() query: ListarCampanasRequestDto): Promise<CampanasPageResponseDto> {
    return CampanasPageResponseDto.from(await this.listarHandler.execute(new ListarCampanasQuery(toPageRequest(query), query.estado)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a campaign' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async obtener(@Param('id', new UuidPipe('CAMPANA')) id: string): Promise<CampanaResponseDto> {
    return CampanaResponseDto.from(await this.obtenerHandler.execute(new ObtenerCampanaQuery(id)));
  }

  @Post(':id/afiliados')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Assign an affiliate',
    description:
      'The affiliate must be known (projection of afiliados.eventos) and ACTIVO. Publishes AfiliadoAsignadoACampana. ' +
      'Assigning an affiliate that is already assigned is an idempotent success: 200, nothing published.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAMPANA.NO_ENCONTRADA or CAMPANA.AFILIADO_DESCONOCIDO' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CAMPANA.FINALIZADA' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'CAMPANA.AFILIADO_NO_ACTIVO (details { estado })' })
  async asignar(@Param('id', new UuidPipe('CAMPANA')) id: string, @Body() body: AsignarAfiliadoRequestDto): Promise<CampanaResponseDto> {
    const { campana } = await this.asignarHandler.execute(new AsignarAfiliadoCommand(id, body.afiliado_id, traza()));
    return CampanaResponseDto.from(campana);
  }

  @Delete(':id/afiliados/:afiliadoId')
  @ApiOperation({ summary: 'Remove an affiliate', description: 'Publishes AfiliadoRetiradoDeCampana.' })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'afiliadoId' })
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CAMPANA.NO_ENCONTRADA or CAMPANA.AFILIADO_NO_ASIGNADO' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CAMPANA.FINALIZADA' })
  async retirar(
    @Param('id', new UuidPipe('CAMPANA')) id: string,
    @Param('afiliadoId', new IdExternoPipe('afiliadoId')) afiliadoId: string,
  ): Promise<CampanaResponseDto> {
    return CampanaResponseDto.from(await this.retirarHandler.execute(new RetirarAfiliadoCommand(id, afiliadoId, traza())));
  }

  @Post(':id/activar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Activate (BORRADOR | PAUSADA → ACTIVA)', description: 'Publishes CampanaActivada.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSICION)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'CAMPANA.PRESUPUESTO_AGOTADO (nothing left to spend) or CAMPANA.FECHA_FIN_VENCIDA' })
  activar(@Param('id', new UuidPipe('CAMPANA')) id: string): Promise<CampanaResponseDto> {
    return this.cambiar(id, 'activar', null);
  }

  @Post(':id/pausar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause (ACTIVA → PAUSADA)', description: 'Optional body { motivo }; publishes CampanaPausada { motivo }.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSICION)
  pausar(@Param('id', new UuidPipe('CAMPANA')) id: string, @Body() body: PausarCampanaRequestDto): Promise<CampanaResponseDto> {
    return this.cambiar(id, 'pausar', body?.motivo?.trim() || null);
  }

  @Post(':id/finalizar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Finish (ACTIVA | PAUSADA → FINALIZADA)', description: 'Publishes CampanaFinalizada.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: CampanaResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSICION)
  finalizar(@Param('id', new UuidPipe('CAMPANA')) id: string): Promise<CampanaResponseDto> {
    return this.cambiar(id, 'finalizar', null);
  }

  private async cambiar(id: string, accion: AccionCampana, motivo: string | null): Promise<CampanaResponseDto> {
    return CampanaResponseDto.from(await this.estadoHandler.execute(new CambiarEstadoCampanaCommand(id, accion, motivo, traza())));
  }
}
