import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { requestContext } from '@alpes/platform';
import { RegistrarConversionCommand } from '../../application/commands/registrar-conversion/registrar-conversion.command';
import { RegistrarConversionHandler } from '../../application/commands/registrar-conversion/registrar-conversion.handler';
import { RevertirConversionCommand } from '../../application/commands/revertir-conversion/revertir-conversion.command';
import { RevertirConversionHandler } from '../../application/commands/revertir-conversion/revertir-conversion.handler';
import { ObtenerConversionHandler } from '../../application/queries/obtener-conversion/obtener-conversion.handler';
import { ObtenerConversionQuery } from '../../application/queries/obtener-conversion/obtener-conversion.query';
import { ConversionNoEncontradaError } from '../../domain/conversion/conversion.errors';
import { ConversionRequestDto, RevertirConversionRequestDto } from './conversion.request.dto';
import { ConversionAceptadaResponseDto, ConversionResponseDto, ReversionAceptadaResponseDto } from './conversion.response.dto';
import { IngestaNoDisponibleFilter } from './ingesta-no-disponible.filter';
import { ErrorResponseDto } from './tracking.response.dto';
import { aMilisegundos, ID_PROPIO } from './validators';

/** An id this service could never have issued is simply not found (and never reaches the database). */
function idConversion(id: string): string {
  if (!ID_PROPIO.test(id)) throw new ConversionNoEncontradaError(id.slice(0, 100));
  return id;
}

@ApiTags('conversiones')
@Controller('api/v1/conversiones')
@UseFilters(IngestaNoDisponibleFilter)
export class ConversionesHttpController {
  constructor(
    private readonly registrar: RegistrarConversionHandler,
    private readonly revertir: RevertirConversionHandler,
    private readonly obtener: ObtenerConversionHandler,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Register a conversion',
    description:
      'Names `click_id` (attributed to that click’s affiliate and campaign within the attribution window; last click of the same ' +
      '`usuario_id` wins; an unknown click is waited for during a grace period) or `afiliado_id` + `campana_id` (unknown → 404). ' +
      'With `click_id`, a `campana_id`/`afiliado_id` also named must be the click’s: 422 `CONVERSION.CLICK_NO_CORRESPONDE` when ' +
      'the click is already known here, else the conversion is rejected with motivo CLICK_NO_CORRESPONDE once the click arrives. ' +
      'Accepted durably as REGISTRADA (202); the processor then validates it (`ConversionValidada`) or rejects it ' +
      '(`ConversionRechazada` with a motivo: REFERENCIA_DUPLICADA, CAMPANA_INACTIVA, AFILIADO_INACTIVO, AFILIADO_NO_ASIGNADO, ' +
      'CLICK_FUERA_DE_VENTANA, CLICK_DESCONOCIDO, CLICK_FLOODING, CLICK_NO_CORRESPONDE, VALOR_INVALIDO, MONEDA_DISTINTA). The ' +
      'campaign and affiliate states are those at the conversion’s own `timestamp` (a sale made while the affiliate was active is ' +
      'validated even if it was suspended before processing). Follow it with GET. ' +
      'A client `id` makes retries idempotent; the same id with other content is 409. Conversions and reverts are refused for ' +
      'back-pressure (503 `TRACKING.SOBRECARGA`) only at `CONVERSIONES_ADMISION_UMBRAL_DINERO`, above the threshold of impressions.',
  })
  @ApiAcceptedResponse({ type: ConversionAceptadaResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body; MONEY.MONTO_INVALIDO (more decimals than the currency has)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'TRACKING.CAMPANA_DESCONOCIDA, TRACKING.AFILIADO_DESCONOCIDO' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'CONVERSION.ID_DUPLICADO: the id was used for another conversion' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'CONVERSION.CLICK_NO_CORRESPONDE: the named campana_id/afiliado_id is not the one of the (known) click',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'TRACKING.SOBRECARGA (back-pressure, see Retry-After), TRACKING.INGESTA_NO_DISPONIBLE' })
  registrarConversion(@Body() body: ConversionRequestDto): Promise<ConversionAceptadaResponseDto> {
    const { correlationId, actor } = requestContext();
    return this.registrar.execute(
      new RegistrarConversionCommand(
        {
          id: body.id ?? undefined,
          click_id: body.click_id ?? undefined,
          afiliado_id: body.afiliado_id ?? undefined,
          campana_id: body.campana_id ?? undefined,
          tipo_conversion: body.tipo_conversion,
          valor_conversion: body.valor_conversion,
          moneda: body.moneda,
          referencia_externa: body.referencia_externa ?? undefined,
          usuario_id: body.usuario_id ?? undefined,
          timestamp: aMilisegundos(body.timestamp),
        },
        actor,
        { correlationId },
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A conversion, rebuilt from its events',
    description:
      'State, rejection code and history rebuilt from the event store. A conversion accepted but not processed yet answers ' +
      'REGISTRADA with `procesada: false` and an empty history (eventually visible: usually within milliseconds).',
  })
  @ApiParam({ name: 'id' })
  @ApiOkResponse({ type: ConversionResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CONVERSION.NO_ENCONTRADA' })
  obtenerConversion(@Param('id') id: string): Promise<ConversionResponseDto> {
    return this.obtener.execute(new ObtenerConversionQuery(idConversion(id)));
  }

  @Post(':id/revertir')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Revert (refund) a validated conversion',
    description:
      'Only a VALIDADA conversion can be reverted (→ REVERTIDA, `ConversionRevertida`); processed asynchronously. Exactly one revert ' +
      'per conversion is accepted (202), also among concurrent requests: the others, and any revert until that one is applied, are ' +
      '409 `CONVERSION.REVERSION_EN_CURSO`; once applied, 409 `CONVERSION.TRANSICION_INVALIDA` (estado REVERTIDA). A revert carries ' +
      'no client id: a retry after a lost answer gets that 409, and GET shows the conversion REVERTIDA.',
  })
  @ApiParam({ name: 'id' })
  @ApiAcceptedResponse({ type: ReversionAceptadaResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'CONVERSION.NO_ENCONTRADA' })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'CONVERSION.TRANSICION_INVALIDA: not VALIDADA; CONVERSION.REVERSION_EN_CURSO: a revert of it was already accepted',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'TRACKING.SOBRECARGA (back-pressure, see Retry-After), TRACKING.INGESTA_NO_DISPONIBLE' })
  revertirConversion(@Param('id') id: string, @Body() body: RevertirConversionRequestDto): Promise<ReversionAceptadaResponseDto> {
    const { correlationId, actor } = requestContext();
    return this.revertir.execute(new RevertirConversionCommand(idConversion(id), body.motivo, actor, { correlationId }));
  }
}
