import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListarEventosHandler } from '../../application/queries/listar-eventos/listar-eventos.handler';
import { LIMITE_EVENTOS_DEFECTO, ListarEventosQuery } from '../../application/queries/listar-eventos/listar-eventos.query';
import { ObtenerMetricasHandler } from '../../application/queries/obtener-metricas/obtener-metricas.handler';
import { ObtenerMetricasQuery } from '../../application/queries/obtener-metricas/obtener-metricas.query';
import { ErrorResponseDto } from './error.response.dto';
import { EventosRequestDto, MetricasRequestDto } from './monitoreo.request.dto';
import { EventoResponseDto, EventosResponseDto, MetricasResponseDto } from './monitoreo.response.dto';

@ApiTags('metricas')
@Controller()
export class MetricasHttpController {
  constructor(
    private readonly obtenerMetricas: ObtenerMetricasHandler,
    private readonly listarEventos: ListarEventosHandler,
  ) {}

  @Get('metrics')
  @ApiOperation({
    summary: 'Business metrics of a period (seed 000, extended)',
    description:
      'Counts of the event log in the period (impressions, clicks, conversions, sales, rejected and reverted conversions), ' +
      'conversion_rate = conversions / clicks × 100 (0 without clicks), sale values per currency (exact sum, nearest-rank ' +
      'p50/p95/p99), every event type, a series of contiguous buckets aligned to the UTC grid (1h → 60 × 60 s, 24h → ' +
      '48 × 30 min, 7d → 28 × 6 h; the last bucket is the current one), and the JSON messages refused (all time). Totals, ' +
      'percentiles and series read the same window [from, to], so the series adds up to the totals.',
  })
  @ApiOkResponse({ type: MetricasResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'period other than 1h, 24h, 7d (VALIDACION.DATOS_INVALIDOS, field `period`)' })
  async metricas(@Query() q: MetricasRequestDto): Promise<MetricasResponseDto> {
    return MetricasResponseDto.de(await this.obtenerMetricas.execute(new ObtenerMetricasQuery(q.period ?? '24h')));
  }

  @Get('events')
  @ApiOperation({
    summary: 'The event log, newest first (seed 000)',
    description:
      '`event_type` matches the exact type (`ClickRegistrado`, `sale`) or a category (`impression`, `click`, `conversion`, ' +
      '`sale`, `other`), so `event_type=conversion` lists every conversion whatever its source. Ordered by occurred_at, then ' +
      'received_at, descending. `total` counts every row matching the filters.',
  })
  @ApiOkResponse({ type: EventosResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'limit not an integer from 1 to 1000, or a malformed filter (field named)' })
  async eventos(@Query() q: EventosRequestDto): Promise<EventosResponseDto> {
    const r = await this.listarEventos.execute(
      new ListarEventosQuery(
        { eventType: q.event_type, userId: q.user_id, campaignId: q.campaign_id, affiliateId: q.affiliate_id, sourceTopic: q.source_topic },
        q.limit ?? LIMITE_EVENTOS_DEFECTO,
      ),
    );
    return { items: r.items.map(EventoResponseDto.de), total: r.total, limit: r.limite };
  }
}
