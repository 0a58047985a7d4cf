import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
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
import { AprobarComisionCommand } from '../../application/commands/aprobar-comision/aprobar-comision.command';
import { AprobarComisionHandler } from '../../application/commands/aprobar-comision/aprobar-comision.handler';
import { CrearComisionManualCommand } from '../../application/commands/crear-comision-manual/crear-comision-manual.command';
import { CrearComisionManualHandler } from '../../application/commands/crear-comision-manual/crear-comision-manual.handler';
import { RechazarComisionCommand } from '../../application/commands/rechazar-comision/rechazar-comision.command';
import { RechazarComisionHandler } from '../../application/commands/rechazar-comision/rechazar-comision.handler';
import { ListarComisionesHandler } from '../../application/queries/listar-comisiones/listar-comisiones.handler';
import { ListarComisionesQuery } from '../../application/queries/listar-comisiones/listar-comisiones.query';
import { ObtenerComisionHandler } from '../../application/queries/obtener-comision/obtener-comision.handler';
import { ObtenerComisionQuery } from '../../application/queries/obtener-comision/obtener-comision.query';
import { CrearComisionRequestDto, ListarComisionesRequestDto, RechazarComisionRequestDto } from './comision.request.dto';
import { ComisionesPageResponseDto, ComisionResponseDto } from './comision.response.dto';
import { BAD_REQUEST, ErrorResponseDto } from './error.response.dto';
import { IdExternoPipe, UuidPipe } from './id.pipe';
import { textoDecimal } from './numeros';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Commission id (uuid); another format → 400 COMISION.ID_INVALIDO.' };
const NOT_FOUND = { type: ErrorResponseDto, description: 'COMISION.NO_ENCONTRADA' };
const TRANSICION = { type: ErrorResponseDto, description: 'COMISION.TRANSICION_INVALIDA (details { desde, hacia }) or COMISION.CONFLICTO_CONCURRENCIA' };

function traza() {
  return { correlationId: requestContext().correlationId };
}

@ApiTags('comisiones')
@ApiHeader({ name: 'x-correlation-id', required: false })
@ApiHeader({ name: 'x-actor', required: false, description: 'Who acts (audit trail); default "api".' })
@Controller('api/v1/comisiones')
export class ComisionesHttpController {
  constructor(
    private readonly crearHandler: CrearComisionManualHandler,
    private readonly aprobarHandler: AprobarComisionHandler,
    private readonly rechazarHandler: RechazarComisionHandler,
    private readonly obtenerHandler: ObtenerComisionHandler,
    private readonly listarHandler: ListarComisionesHandler,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a manual commission (seed 003)',
    description:
      'porcentual: porcentaje % of valor_conversion, rounded once HALF_UP to the currency minor unit (modelo CPS); ' +
      'fija: monto (modelo CPA). With campana_id the amount is taken from the campaign budget (refused with 422 when it ' +
      'does not fit; reaching 0 publishes PresupuestoAgotado and pauses the campaign). Publishes ComisionCalculada.',
  })
  @ApiCreatedResponse({ type: ComisionResponseDto, description: 'PENDIENTE.' })
  @ApiBadRequestResponse({ ...BAD_REQUEST, description: `${BAD_REQUEST.description} Also COMISION.DATOS_INCOMPLETOS, COMISION.MONTO_NO_POSITIVO (details.campo: monto | porcentaje | valor_conversion; a commission of 0 is refused), MONEDA.NO_ISO_4217, MONEY.MONTO_INVALIDO (more decimals than the currency has: details.campo monto | valor_conversion).` })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'COMISION.AFILIADO_DESCONOCIDO or CAMPANA.NO_ENCONTRADA' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'COMISION.CONVERSION_DUPLICADA (the conversion already has a commission)' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'COMISION.MONEDA_DISTINTA or CAMPANA.PRESUPUESTO_INSUFICIENTE' })
  async crear(@Body() body: CrearComisionRequestDto, @Res({ passthrough: true }) res: Response): Promise<ComisionResponseDto> {
    const comision = await this.crearHandler.execute(
      new CrearComisionManualCommand(
        {
          afiliadoId: body.afiliado_id,
          conversionId: body.conversion_id,
          campanaId: body.campana_id?.toLowerCase() ?? null,
          tipoComision: body.tipo_comision,
          porcentaje: textoDecimal(body.porcentaje),
          monto: textoDecimal(body.monto),
          valorConversion: textoDecimal(body.valor_conversion),
          moneda: body.moneda ?? null,
        },
        traza(),
      ),
    );
    res.setHeader('Location', `/api/v1/comisiones/${comision.id}`);
    return ComisionResponseDto.from(comision);
  }

  @Get()
  @ApiOperation({
    summary: 'List commissions',
    description:
      'Newest first; filters afiliado_id, campana_id, estado. Includes CPC/CPM accruals (tipo acumulado, running total) and ' +
      'negative adjustments of reverted paid commissions (tipo ajuste, PENDIENTE_DESCUENTO until a payout discounts them).',
  })
  @ApiOkResponse({ type: ComisionesPageResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async listar(@Query() query: ListarComisionesRequestDto): Promise<ComisionesPageResponseDto> {
    const page = await this.listarHandler.execute(
      new ListarComisionesQuery(toPageRequest(query), { afiliadoId: query.afiliado_id, campanaId: query.campana_id, estado: query.estado }),
    );
    return ComisionesPageResponseDto.from(page);
  }

  @Get('por-conversion/:conversionId')
  @ApiOperation({ summary: 'The commission of a conversion' })
  @ApiParam({ name: 'conversionId' })
  @ApiOkResponse({ type: ComisionResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async porConversion(@Param('conversionId', new IdExternoPipe('conversionId', 64)) conversionId: string): Promise<ComisionResponseDto> {
    return ComisionResponseDto.from(await this.obtenerHandler.execute(new ObtenerComisionQuery({ conversionId })));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a commission' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ComisionResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async obtener(@Param('id', new UuidPipe('COMISION')) id: string): Promise<ComisionResponseDto> {
    return ComisionResponseDto.from(await this.obtenerHandler.execute(new ObtenerComisionQuery({ comisionId: id })));
  }

  @Post(':id/aprobar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Approve (PENDIENTE → APROBADA)',
    description: 'Publishes ComisionAprobada. A CPC/CPM accrual can be approved once its day (UTC) is over; its final running total is published first.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ComisionResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSICION)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'COMISION.ACUMULADO_EN_CURSO; COMISION.MONTO_CERO (a commission of 0 cannot be approved: reject it)' })
  async aprobar(@Param('id', new UuidPipe('COMISION')) id: string): Promise<ComisionResponseDto> {
    return ComisionResponseDto.from(await this.aprobarHandler.execute(new AprobarComisionCommand(id, traza())));
  }

  @Post(':id/rechazar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reject (PENDIENTE → RECHAZADA)',
    description: 'Publishes ComisionRechazada { motivo }; the budget it took goes back to its campaign. An APROBADA commission of 0 that no payout holds can be rejected too.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ComisionResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSICION)
  async rechazar(@Param('id', new UuidPipe('COMISION')) id: string, @Body() body: RechazarComisionRequestDto): Promise<ComisionResponseDto> {
    return ComisionResponseDto.from(await this.rechazarHandler.execute(new RechazarComisionCommand(id, body.motivo, traza())));
  }
}
