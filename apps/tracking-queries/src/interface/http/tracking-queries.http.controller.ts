import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { toPageRequest } from '@alpes/platform';
import { ListarConversionesHandler } from '../../application/queries/listar-conversiones/listar-conversiones.handler';
import { ListarConversionesQuery } from '../../application/queries/listar-conversiones/listar-conversiones.query';
import { ListarImpresionesHandler } from '../../application/queries/listar-impresiones/listar-impresiones.handler';
import { ListarImpresionesQuery } from '../../application/queries/listar-impresiones/listar-impresiones.query';
import { ObtenerConversionHandler } from '../../application/queries/obtener-conversion/obtener-conversion.handler';
import { ObtenerConversionQuery } from '../../application/queries/obtener-conversion/obtener-conversion.query';
import { ObtenerEstadisticasHandler } from '../../application/queries/obtener-estadisticas/obtener-estadisticas.handler';
import { ObtenerEstadisticasQuery } from '../../application/queries/obtener-estadisticas/obtener-estadisticas.query';
import { ObtenerImpresionHandler } from '../../application/queries/obtener-impresion/obtener-impresion.handler';
import { ObtenerImpresionQuery } from '../../application/queries/obtener-impresion/obtener-impresion.query';
import type { Ambito } from '../../domain/proyeccion/ambito';
import { ErrorResponseDto } from './error.response.dto';
import { EstadisticasRequestDto, IdPathDto, ListarConversionesRequestDto, ListarImpresionesRequestDto } from './tracking-queries.request.dto';
import {
  ConversionResponseDto,
  EstadisticasResponseDto,
  ImpresionResponseDto,
  PaginaConversionesResponseDto,
  PaginaImpresionesResponseDto,
} from './tracking-queries.response.dto';

/**
 * Seed 001's paths: `campanas` and `campañas` (sent percent-encoded, `campa%C3%B1as`, as every HTTP client does) are
 * the same resource. A raw UTF-8 `ñ` in a request line is refused by Node's HTTP parser before any route.
 */
const CAMPANAS = ['campanas', 'campa%C3%B1as'] as const;
const rutasCampana = (sufijo: string) => CAMPANAS.map((c) => `${c}/:id/${sufijo}`);

const NO_ENCONTRADA = 'no event ever mentioned this campaign (TRACKING.CAMPANA_NO_ENCONTRADA)';
const NO_ENCONTRADO = 'no event ever mentioned this affiliate (TRACKING.AFILIADO_NO_ENCONTRADO)';
const ID_INVALIDO = 'malformed id, page, limit, estado or moneda (VALIDACION.DATOS_INVALIDOS)';

@ApiTags('tracking-queries')
@Controller('tracking/queries')
export class TrackingQueriesHttpController {
  constructor(
    private readonly obtenerImpresion: ObtenerImpresionHandler,
    private readonly obtenerConversion: ObtenerConversionHandler,
    private readonly listarImpresiones: ListarImpresionesHandler,
    private readonly listarConversiones: ListarConversionesHandler,
    private readonly obtenerEstadisticas: ObtenerEstadisticasHandler,
  ) {}

  @Get('impresiones/:id')
  @ApiOperation({ summary: 'One impression by id' })
  @ApiOkResponse({ type: ImpresionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'not projected (TRACKING.IMPRESION_NO_ENCONTRADA)' })
  async impresion(@Param() { id }: IdPathDto): Promise<ImpresionResponseDto> {
    return ImpresionResponseDto.de(await this.obtenerImpresion.execute(new ObtenerImpresionQuery(id)));
  }

  @Get('conversiones/:id')
  @ApiOperation({ summary: 'One conversion by id, in its latest state (REGISTRADA, VALIDADA, RECHAZADA, REVERTIDA)' })
  @ApiOkResponse({ type: ConversionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'not projected (TRACKING.CONVERSION_NO_ENCONTRADA)' })
  async conversion(@Param() { id }: IdPathDto): Promise<ConversionResponseDto> {
    return ConversionResponseDto.de(await this.obtenerConversion.execute(new ObtenerConversionQuery(id)));
  }

  @Get(rutasCampana('impresiones'))
  @ApiOperation({ summary: "A campaign's impressions, newest first (also under /campañas/)" })
  @ApiParam({ name: 'id', description: 'campaign id' })
  @ApiOkResponse({ type: PaginaImpresionesResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADA })
  impresionesDeCampana(@Param() { id }: IdPathDto, @Query() q: ListarImpresionesRequestDto): Promise<PaginaImpresionesResponseDto> {
    return this.impresiones('campana', id, q);
  }

  @Get(rutasCampana('conversiones'))
  @ApiOperation({ summary: "A campaign's conversions, newest first, optionally in one `estado` (also under /campañas/)" })
  @ApiParam({ name: 'id', description: 'campaign id' })
  @ApiOkResponse({ type: PaginaConversionesResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADA })
  conversionesDeCampana(@Param() { id }: IdPathDto, @Query() q: ListarConversionesRequestDto): Promise<PaginaConversionesResponseDto> {
    return this.conversiones('campana', id, q);
  }

  @Get(rutasCampana('estadisticas'))
  @ApiOperation({
    summary: "A campaign's statistics (also under /campañas/)",
    description:
      'Exact counts and sums; ctr = clicks/impresiones×100, tasa_conversion = conversiones/clicks×100, epc = comisiones_total/clicks, ' +
      "each rounded once to 4 decimals ROUND_HALF_UP and 0 when the divisor is 0. Amounts in the campaign's currency. " +
      'A campaign any event mentioned but with no activity answers zeros.',
  })
  @ApiParam({ name: 'id', description: 'campaign id' })
  @ApiOkResponse({ type: EstadisticasResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADA })
  estadisticasDeCampana(@Param() { id }: IdPathDto, @Query() q: EstadisticasRequestDto): Promise<EstadisticasResponseDto> {
    return this.estadisticas('campana', id, q);
  }

  @Get('influencers/:id/impresiones')
  @ApiOperation({ summary: "An affiliate's (influencer's) impressions, newest first" })
  @ApiParam({ name: 'id', description: 'affiliate id' })
  @ApiOkResponse({ type: PaginaImpresionesResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADO })
  impresionesDeAfiliado(@Param() { id }: IdPathDto, @Query() q: ListarImpresionesRequestDto): Promise<PaginaImpresionesResponseDto> {
    return this.impresiones('afiliado', id, q);
  }

  @Get('influencers/:id/conversiones')
  @ApiOperation({ summary: "An affiliate's conversions, newest first, optionally in one `estado`" })
  @ApiParam({ name: 'id', description: 'affiliate id' })
  @ApiOkResponse({ type: PaginaConversionesResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADO })
  conversionesDeAfiliado(@Param() { id }: IdPathDto, @Query() q: ListarConversionesRequestDto): Promise<PaginaConversionesResponseDto> {
    return this.conversiones('afiliado', id, q);
  }

  @Get('influencers/:id/estadisticas')
  @ApiOperation({
    summary: "An affiliate's statistics",
    description:
      'As for a campaign. Amounts are those of one currency: `moneda` if given, else the first (alphabetically) of the ' +
      'currencies the affiliate has amounts in; `monedas` lists them all.',
  })
  @ApiParam({ name: 'id', description: 'affiliate id' })
  @ApiOkResponse({ type: EstadisticasResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: ID_INVALIDO })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NO_ENCONTRADO })
  estadisticasDeAfiliado(@Param() { id }: IdPathDto, @Query() q: EstadisticasRequestDto): Promise<EstadisticasResponseDto> {
    return this.estadisticas('afiliado', id, q);
  }

  private async impresiones(ambito: Ambito, id: string, q: ListarImpresionesRequestDto): Promise<PaginaImpresionesResponseDto> {
    return PaginaImpresionesResponseDto.de(await this.listarImpresiones.execute(new ListarImpresionesQuery(ambito, id, toPageRequest(q))));
  }

  private async conversiones(ambito: Ambito, id: string, q: ListarConversionesRequestDto): Promise<PaginaConversionesResponseDto> {
    return PaginaConversionesResponseDto.de(
      await this.listarConversiones.execute(new ListarConversionesQuery(ambito, id, toPageRequest(q), q.estado)),
    );
  }

  private async estadisticas(ambito: Ambito, id: string, q: EstadisticasRequestDto): Promise<EstadisticasResponseDto> {
    return EstadisticasResponseDto.de(await this.obtenerEstadisticas.execute(new ObtenerEstadisticasQuery(ambito, id, q.moneda)));
  }
}
