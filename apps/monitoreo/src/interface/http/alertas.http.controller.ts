import { Body, Controller, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requestContext, toPageRequest } from '@alpes/platform';
import { ConfigurarReglaAlertaCommand } from '../../application/commands/configurar-regla-alerta/configurar-regla-alerta.command';
import { ConfigurarReglaAlertaHandler } from '../../application/commands/configurar-regla-alerta/configurar-regla-alerta.handler';
import { ListarAlertasHandler } from '../../application/queries/listar-alertas/listar-alertas.handler';
import { ListarAlertasQuery } from '../../application/queries/listar-alertas/listar-alertas.query';
import { ErrorResponseDto } from './error.response.dto';
import { ConfigurarReglaRequestDto, ListarAlertasRequestDto, ReglaIdPathDto } from './monitoreo.request.dto';
import { AlertasResponseDto, ReglaResponseDto } from './monitoreo.response.dto';

@ApiTags('alertas')
@Controller('alertas')
export class AlertasHttpController {
  constructor(
    private readonly listar: ListarAlertasHandler,
    private readonly configurar: ConfigurarReglaAlertaHandler,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Alert rules and alerts (active and past), newest first',
    description:
      'TASA_CONVERSION_BAJA fires when the conversion rate of `periodo` is under `umbral` with at least `minimo_clicks` ' +
      'clicks: one ACTIVA alert and one AlertaDisparada (sistema.eventos) per breach. It turns RESUELTA when the rate ' +
      'is back at or above the threshold; a later breach is a new alert.',
  })
  @ApiOkResponse({ type: AlertasResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'bad estado, page or limit (field named)' })
  async alertas(@Query() q: ListarAlertasRequestDto): Promise<AlertasResponseDto> {
    const { reglas, alertas } = await this.listar.execute(new ListarAlertasQuery(q.estado, toPageRequest(q)));
    return AlertasResponseDto.de(reglas, alertas);
  }

  @Put('reglas/:id')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Configure a rule (stored: it wins over the environment defaults, on every replica)',
    description: 'Fields left out keep their value. Applied at the next evaluation. Audited (AccionRegistrada CONFIGURAR_REGLA_ALERTA).',
  })
  @ApiHeader({ name: 'x-actor', required: false, description: 'who acts (audit trail); default "api"' })
  @ApiOkResponse({ type: ReglaResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'a field out of range or unknown, a malformed id (field named)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no such rule (MONITOREO.REGLA_NO_ENCONTRADA)' })
  async configurarRegla(@Param() { id }: ReglaIdPathDto, @Body() body: ConfigurarReglaRequestDto): Promise<ReglaResponseDto> {
    const { actor, correlationId } = requestContext();
    const regla = await this.configurar.execute(
      new ConfigurarReglaAlertaCommand(
        id,
        { umbral: body.umbral, periodo: body.periodo, minimoClicks: body.minimo_clicks, activa: body.activa },
        actor,
        { correlationId },
      ),
    );
    return ReglaResponseDto.de(regla);
  }
}
