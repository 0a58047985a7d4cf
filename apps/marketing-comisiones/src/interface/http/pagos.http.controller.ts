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
import { EjecutarPagoCommand } from '../../application/commands/ejecutar-pago/ejecutar-pago.command';
import { EjecutarPagoHandler } from '../../application/commands/ejecutar-pago/ejecutar-pago.handler';
import { ProgramarPagoCommand } from '../../application/commands/programar-pago/programar-pago.command';
import { ProgramarPagoHandler } from '../../application/commands/programar-pago/programar-pago.handler';
import { ListarPagosHandler } from '../../application/queries/listar-pagos/listar-pagos.handler';
import { ListarPagosQuery } from '../../application/queries/listar-pagos/listar-pagos.query';
import { ObtenerPagoHandler } from '../../application/queries/obtener-pago/obtener-pago.handler';
import { ObtenerPagoQuery } from '../../application/queries/obtener-pago/obtener-pago.query';
import { BAD_REQUEST, ErrorResponseDto } from './error.response.dto';
import { UuidPipe } from './id.pipe';
import { ListarPagosRequestDto, PagoResponseDto, PagosPageResponseDto, ProgramarPagoRequestDto } from './pago.dto';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Payout id (uuid); another format → 400 PAGO.ID_INVALIDO.' };
const NOT_FOUND = { type: ErrorResponseDto, description: 'PAGO.NO_ENCONTRADO' };

function traza() {
  return { correlationId: requestContext().correlationId };
}

@ApiTags('pagos')
@ApiHeader({ name: 'x-correlation-id', required: false })
@ApiHeader({ name: 'x-actor', required: false, description: 'Who acts (audit trail); default "api".' })
@Controller('api/v1/pagos')
export class PagosHttpController {
  constructor(
    private readonly programarHandler: ProgramarPagoHandler,
    private readonly ejecutarHandler: EjecutarPagoHandler,
    private readonly obtenerHandler: ObtenerPagoHandler,
    private readonly listarHandler: ListarPagosHandler,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Schedule a payout',
    description:
      "Gathers the affiliate's APROBADA commissions of one currency plus its pending negative adjustments (reverted paid " +
      'commissions) into a PROGRAMADO payout and reserves them (no other payout can take them). One payout per currency: ' +
      '`moneda` is needed only when there are APROBADA commissions in several. Minimum per currency from ' +
      '`PAGO_MINIMO_<MONEDA>` or `PAGO_MINIMO` (none by default). Publishes PagoProgramado.',
  })
  @ApiCreatedResponse({ type: PagoResponseDto, description: 'PROGRAMADO.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'PAGO.SIN_COMISIONES, PAGO.MONTO_MINIMO, PAGO.MONEDA_REQUERIDA (details { monedas }), PAGO.SALDO_NO_POSITIVO',
  })
  async programar(@Body() body: ProgramarPagoRequestDto, @Res({ passthrough: true }) res: Response): Promise<PagoResponseDto> {
    const pago = await this.programarHandler.execute(new ProgramarPagoCommand(body.afiliado_id, body.moneda ?? null, traza()));
    res.setHeader('Location', `/api/v1/pagos/${pago.id}`);
    return PagoResponseDto.from(pago);
  }

  @Get()
  @ApiOperation({ summary: 'List payouts', description: 'Newest first; filter afiliado_id.' })
  @ApiOkResponse({ type: PagosPageResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async listar(@Query() query: ListarPagosRequestDto): Promise<PagosPageResponseDto> {
    return PagosPageResponseDto.from(await this.listarHandler.execute(new ListarPagosQuery(toPageRequest(query), query.afiliado_id)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a payout' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PagoResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async obtener(@Param('id', new UuidPipe('PAGO')) id: string): Promise<PagoResponseDto> {
    return PagoResponseDto.from(await this.obtenerHandler.execute(new ObtenerPagoQuery(id)));
  }

  @Post(':id/ejecutar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Execute a payout through the payment provider',
    description:
      'PROGRAMADO → EN_PROCESO (committed before the provider is called) → PAGADO (commissions PAGADA, adjustments ' +
      'DESCONTADA; PagoRealizado) or FALLIDO (commissions back to APROBADA, adjustments pending again; PagoFallido). A ' +
      'failure is answered 200 with estado FALLIDO and motivo_fallo. If a commission of the payout was reverted after it ' +
      'was scheduled, the payout fails at once (motivo_fallo COMISION_REVERTIDA) without calling the provider. A payout ' +
      'left EN_PROCESO (the process died, the provider threw) is resumed after PAGO_REANUDAR_EN_PROCESO_MS (default 5 min) ' +
      'with the same idempotency key towards the provider.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: PagoResponseDto, description: 'PAGADO or FALLIDO.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'PAGO.YA_EJECUTADO (executing twice, details { estado }; an EN_PROCESO payout not yet resumable also gives details.reanudable_en)' })
  async ejecutar(@Param('id', new UuidPipe('PAGO')) id: string): Promise<PagoResponseDto> {
    return PagoResponseDto.from(await this.ejecutarHandler.execute(new EjecutarPagoCommand(id, traza())));
  }
}
