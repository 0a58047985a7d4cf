import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { requestContext } from '@alpes/platform';
import { RegistrarClickCommand } from '../../application/commands/registrar-click/registrar-click.command';
import { RegistrarClickHandler } from '../../application/commands/registrar-click/registrar-click.handler';
import { RegistrarClicksLoteCommand } from '../../application/commands/registrar-clicks-lote/registrar-clicks-lote.command';
import { RegistrarClicksLoteHandler } from '../../application/commands/registrar-clicks-lote/registrar-clicks-lote.handler';
import { RegistrarImpresionCommand } from '../../application/commands/registrar-impresion/registrar-impresion.command';
import { RegistrarImpresionHandler } from '../../application/commands/registrar-impresion/registrar-impresion.handler';
import { RegistrarImpresionesLoteCommand } from '../../application/commands/registrar-impresiones-lote/registrar-impresiones-lote.command';
import { RegistrarImpresionesLoteHandler } from '../../application/commands/registrar-impresiones-lote/registrar-impresiones-lote.handler';
import type { ClickSolicitado, ImpresionSolicitada } from '../../application/commands/shared/tracking-solicitado';
import { ObtenerFraudeHandler } from '../../application/queries/obtener-fraude/obtener-fraude.handler';
import { ObtenerFraudeQuery } from '../../application/queries/obtener-fraude/obtener-fraude.query';
import { IngestaNoDisponibleFilter } from './ingesta-no-disponible.filter';
import { respuestaLote } from './lote.mapper';
import {
  ClickRequestDto,
  ClicksLoteRequestDto,
  FraudeQueryDto,
  ImpresionesLoteRequestDto,
  ImpresionRequestDto,
  MAX_ITEMS_LOTE,
} from './tracking.request.dto';
import { ErrorResponseDto, FraudeResponseDto, LoteResponseDto, TrackingAceptadoResponseDto } from './tracking.response.dto';
import { aMilisegundos } from './validators';

const CHEQUEO =
  'Checked against this service’s projections of `afiliados` and `marketing-comisiones` (unknown campaign or affiliate → 404; ' +
  'campaign not ACTIVA or outside its dates, affiliate not ACTIVO or not assigned → 422 with a code). The command is then written ' +
  'durably (outbox → `tracking.comandos`, keyed by campana_id; a broker outage does not fail the request) and processed ' +
  'asynchronously into the event store. A client-supplied `id` makes a retry idempotent (the processor ignores an id it has). ' +
  'Back-pressure: while the work accepted and not processed yet (outbox, processor, consumers of `conversiones.eventos`) is at ' +
  'or above `CONVERSIONES_ADMISION_UMBRAL_TRACKING` events, impressions and clicks are refused with 503 `TRACKING.SOBRECARGA` ' +
  'and `Retry-After` (nothing is stored; retry with the same ids). A `/lote` request counts its items.';

const NO_DISPONIBLE =
  'TRACKING.SOBRECARGA: back-pressure, the backlog is over the threshold (retry after `Retry-After` seconds); ' +
  'TRACKING.INGESTA_NO_DISPONIBLE: could not be stored (retry). Nothing was stored either way.';

function impresion(dto: ImpresionRequestDto): ImpresionSolicitada {
  return {
    id: dto.id ?? undefined,
    campana_id: dto.campana_id,
    afiliado_id: dto.afiliado_id,
    usuario_id: dto.usuario_id ?? undefined,
    user_agent: dto.user_agent ?? undefined,
    ip_address: dto.ip_address?.toLowerCase() ?? undefined,
    referrer: dto.referrer ?? undefined,
    timestamp: aMilisegundos(dto.timestamp),
  };
}

function click(dto: ClickRequestDto): ClickSolicitado {
  return { ...impresion(dto), session_id: dto.session_id ?? undefined, url: dto.url ?? undefined };
}

@ApiTags('tracking')
@Controller('api/v1/tracking')
@UseFilters(IngestaNoDisponibleFilter)
export class TrackingHttpController {
  constructor(
    private readonly registrarImpresion: RegistrarImpresionHandler,
    private readonly registrarImpresiones: RegistrarImpresionesLoteHandler,
    private readonly registrarClick: RegistrarClickHandler,
    private readonly registrarClicks: RegistrarClicksLoteHandler,
    private readonly obtenerFraude: ObtenerFraudeHandler,
  ) {}

  @Post('impresiones')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Record an impression', description: CHEQUEO })
  @ApiAcceptedResponse({ type: TrackingAceptadoResponseDto, description: 'Accepted (durable); processed asynchronously' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body (field errors), VALIDACION.DATOS_INVALIDOS' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TRACKING.CAMPANA_DESCONOCIDA, TRACKING.AFILIADO_DESCONOCIDO' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'TRACKING.CAMPANA_INACTIVA, TRACKING.CAMPANA_FUERA_DE_VIGENCIA, TRACKING.AFILIADO_INACTIVO, TRACKING.AFILIADO_NO_ASIGNADO',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_DISPONIBLE })
  impresiones(@Body() body: ImpresionRequestDto): Promise<TrackingAceptadoResponseDto> {
    const { correlationId, actor } = requestContext();
    return this.registrarImpresion.execute(new RegistrarImpresionCommand(impresion(body), actor, { correlationId }));
  }

  @Post('impresiones/lote')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Record up to 1000 impressions in one request',
    description: `${CHEQUEO} Each item is checked on its own: refused items are listed in \`rechazados\` with their index, status and code; the rest are accepted together. A malformed item fails the whole request with 400 naming it (\`items[3].campana_id\`). At most ${MAX_ITEMS_LOTE} items.`,
  })
  @ApiAcceptedResponse({ type: LoteResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body (field errors such as items[3].campana_id)' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_DISPONIBLE })
  async impresionesLote(@Body() body: ImpresionesLoteRequestDto): Promise<LoteResponseDto> {
    const { correlationId, actor } = requestContext();
    return respuestaLote(await this.registrarImpresiones.execute(new RegistrarImpresionesLoteCommand(body.items.map(impresion), actor, { correlationId })));
  }

  @Post('clicks')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Record a click',
    description: `${CHEQUEO} The answered \`id\` is the click_id conversions refer to. Clicks past the flooding threshold (per IP, campaign and minute) are kept flagged and never billed.`,
  })
  @ApiAcceptedResponse({ type: TrackingAceptadoResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TRACKING.CAMPANA_DESCONOCIDA, TRACKING.AFILIADO_DESCONOCIDO' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'TRACKING.CAMPANA_INACTIVA, TRACKING.CAMPANA_FUERA_DE_VIGENCIA, TRACKING.AFILIADO_INACTIVO, TRACKING.AFILIADO_NO_ASIGNADO',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_DISPONIBLE })
  clicks(@Body() body: ClickRequestDto): Promise<TrackingAceptadoResponseDto> {
    const { correlationId, actor } = requestContext();
    return this.registrarClick.execute(new RegistrarClickCommand(click(body), actor, { correlationId }));
  }

  @Post('clicks/lote')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Record up to 1000 clicks in one request', description: 'Same rules as `POST /api/v1/tracking/impresiones/lote`.' })
  @ApiAcceptedResponse({ type: LoteResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: NO_DISPONIBLE })
  async clicksLote(@Body() body: ClicksLoteRequestDto): Promise<LoteResponseDto> {
    const { correlationId, actor } = requestContext();
    return respuestaLote(await this.registrarClicks.execute(new RegistrarClicksLoteCommand(body.items.map(click), actor, { correlationId })));
  }

  @Get('fraude')
  @ApiOperation({
    summary: 'Click-flooding counters',
    description: 'Clicks flagged as flooding (kept in the event store, never published, never billed) and conversions rejected with CLICK_FLOODING.',
  })
  @ApiOkResponse({ type: FraudeResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  fraude(@Query() query: FraudeQueryDto): Promise<FraudeResponseDto> {
    return this.obtenerFraude.execute(new ObtenerFraudeQuery(query.campana_id));
  }
}
