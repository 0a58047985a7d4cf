import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Res } from '@nestjs/common';
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
import { mapPage, requestContext, toPageRequest } from '@alpes/platform';
import { ActivarAfiliadoCommand } from '../../application/commands/activar-afiliado/activar-afiliado.command';
import { ActivarAfiliadoHandler } from '../../application/commands/activar-afiliado/activar-afiliado.handler';
import { ActualizarConfiguracionComisionesCommand } from '../../application/commands/actualizar-configuracion-comisiones/actualizar-configuracion-comisiones.command';
import { ActualizarConfiguracionComisionesHandler } from '../../application/commands/actualizar-configuracion-comisiones/actualizar-configuracion-comisiones.handler';
import { ReactivarAfiliadoCommand } from '../../application/commands/reactivar-afiliado/reactivar-afiliado.command';
import { ReactivarAfiliadoHandler } from '../../application/commands/reactivar-afiliado/reactivar-afiliado.handler';
import { RegistrarAfiliadoCommand } from '../../application/commands/registrar-afiliado/registrar-afiliado.command';
import { RegistrarAfiliadoHandler } from '../../application/commands/registrar-afiliado/registrar-afiliado.handler';
import { SuspenderAfiliadoCommand } from '../../application/commands/suspender-afiliado/suspender-afiliado.command';
import { SuspenderAfiliadoHandler } from '../../application/commands/suspender-afiliado/suspender-afiliado.handler';
import { ListarAfiliadosHandler } from '../../application/queries/listar-afiliados/listar-afiliados.handler';
import { ListarAfiliadosQuery } from '../../application/queries/listar-afiliados/listar-afiliados.query';
import { ObtenerAfiliadoHandler } from '../../application/queries/obtener-afiliado/obtener-afiliado.handler';
import { ObtenerAfiliadoQuery } from '../../application/queries/obtener-afiliado/obtener-afiliado.query';
import { AfiliadoIdPipe } from './afiliado-id.pipe';
import { AfiliadoResponseDto, AfiliadosPageResponseDto } from './afiliado.response.dto';
import { ActualizarConfiguracionComisionesRequestDto } from './configuracion-comisiones.request.dto';
import { ErrorResponseDto } from './error.response.dto';
import { ListarAfiliadosRequestDto } from './listar-afiliados.request.dto';
import { RegistrarAfiliadoRequestDto } from './registrar-afiliado.request.dto';
import { SuspenderAfiliadoRequestDto } from './suspender-afiliado.request.dto';

const ID_PARAM = { name: 'id', format: 'uuid', description: 'Id del afiliado (uuid); otro formato: 400 AFILIADO.ID_INVALIDO.' };
const BAD_REQUEST = { type: ErrorResponseDto, description: 'Datos inválidos (errores por campo, campos desconocidos, JSON mal formado, id no uuid).' };
const NOT_FOUND = { type: ErrorResponseDto, description: 'AFILIADO.NO_ENCONTRADO' };
const TRANSITION = {
  type: ErrorResponseDto,
  description:
    'AFILIADO.TRANSICION_INVALIDA (details { desde, hacia }) o AFILIADO.MODIFICACION_CONCURRENTE si otra petición lo cambió a la vez.',
};

function contexto() {
  const { correlationId, actor } = requestContext();
  return { correlationId, actor };
}

@ApiTags('afiliados')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'Se propaga a los eventos y se devuelve en la respuesta.' })
@ApiHeader({ name: 'x-actor', required: false, description: 'Quién actúa (registro de auditoría); por defecto "api".' })
@Controller('api/v1/afiliados')
export class AfiliadosHttpController {
  constructor(
    private readonly registrarHandler: RegistrarAfiliadoHandler,
    private readonly activarHandler: ActivarAfiliadoHandler,
    private readonly suspenderHandler: SuspenderAfiliadoHandler,
    private readonly reactivarHandler: ReactivarAfiliadoHandler,
    private readonly configurarHandler: ActualizarConfiguracionComisionesHandler,
    private readonly obtenerHandler: ObtenerAfiliadoHandler,
    private readonly listarHandler: ListarAfiliadosHandler,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Registrar un afiliado',
    description:
      'Crea el afiliado en estado PENDIENTE y publica AfiliadoRegistrado (afiliados.eventos) y AccionRegistrada ' +
      '(auditoria.eventos). Sin configuracion_comisiones, comision_base = 10 %. Con un `id` propio la petición es ' +
      'idempotente: repetirla con el mismo contenido responde **200** con el mismo afiliado (nada se escribe de nuevo).',
  })
  @ApiCreatedResponse({ type: AfiliadoResponseDto, description: 'Registrado (estado PENDIENTE).' })
  @ApiOkResponse({ type: AfiliadoResponseDto, description: 'Repetición idempotente: mismo id y mismo contenido que un registro anterior.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'AFILIADO.EMAIL_DUPLICADO o AFILIADO.ID_EN_CONFLICTO (mismo id, otro contenido).' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE' })
  async registrar(
    @Body() body: RegistrarAfiliadoRequestDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AfiliadoResponseDto> {
    const { afiliado, creado } = await this.registrarHandler.execute(
      new RegistrarAfiliadoCommand(
        {
          id: body.id,
          nombre: body.nombre,
          email: body.email,
          tipoAfiliado: body.tipo_afiliado,
          // JSON numbers enter the domain through their shortest decimal text, never as float arithmetic.
          comisionBase: decimalText(body.configuracion_comisiones?.comision_base),
          comisionPremium: decimalText(body.configuracion_comisiones?.comision_premium),
          pais: body.pais,
          redesSociales: body.redes_sociales,
        },
        contexto(),
      ),
    );
    res.status(creado ? HttpStatus.CREATED : HttpStatus.OK);
    res.setHeader('Location', `/api/v1/afiliados/${afiliado.id}`);
    return AfiliadoResponseDto.from(afiliado);
  }

  @Get()
  @ApiOperation({ summary: 'Listar afiliados', description: 'Más recientes primero; filtros por estado, tipo, email exacto y texto (q).' })
  @ApiOkResponse({ type: AfiliadosPageResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  async listar(@Query() query: ListarAfiliadosRequestDto): Promise<AfiliadosPageResponseDto> {
    const page = await this.listarHandler.execute(
      new ListarAfiliadosQuery(
        { estado: query.estado, tipoAfiliado: query.tipo_afiliado, email: query.email, texto: query.q },
        toPageRequest(query),
      ),
    );
    return mapPage(page, AfiliadoResponseDto.from);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Consultar un afiliado' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AfiliadoResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  async obtener(@Param('id', AfiliadoIdPipe) id: string): Promise<AfiliadoResponseDto> {
    return AfiliadoResponseDto.from(await this.obtenerHandler.execute(new ObtenerAfiliadoQuery(id)));
  }

  @Post(':id/activar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Activar (PENDIENTE → ACTIVO)', description: 'Publica AfiliadoActivado. Solo desde PENDIENTE (para SUSPENDIDO use reactivar).' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AfiliadoResponseDto, description: 'El afiliado en estado ACTIVO.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSITION)
  async activar(@Param('id', AfiliadoIdPipe) id: string): Promise<AfiliadoResponseDto> {
    return AfiliadoResponseDto.from(await this.activarHandler.execute(new ActivarAfiliadoCommand(id, contexto())));
  }

  @Post(':id/suspender')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Suspender (ACTIVO → SUSPENDIDO)', description: 'Requiere un motivo no vacío. Publica AfiliadoSuspendido.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AfiliadoResponseDto, description: 'El afiliado en estado SUSPENDIDO.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSITION)
  async suspender(
    @Param('id', AfiliadoIdPipe) id: string,
    @Body() body: SuspenderAfiliadoRequestDto,
  ): Promise<AfiliadoResponseDto> {
    return AfiliadoResponseDto.from(
      await this.suspenderHandler.execute(new SuspenderAfiliadoCommand(id, body.motivo, contexto())),
    );
  }

  @Post(':id/reactivar')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivar (SUSPENDIDO → ACTIVO)', description: 'Publica AfiliadoReactivado.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AfiliadoResponseDto, description: 'El afiliado en estado ACTIVO.' })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse(TRANSITION)
  async reactivar(@Param('id', AfiliadoIdPipe) id: string): Promise<AfiliadoResponseDto> {
    return AfiliadoResponseDto.from(await this.reactivarHandler.execute(new ReactivarAfiliadoCommand(id, contexto())));
  }

  @Put(':id/configuracion-comisiones')
  @ApiOperation({
    summary: 'Reemplazar la configuración de comisiones',
    description:
      'En cualquier estado. Publica ConfiguracionComisionesActualizada si cambia algo (la misma configuración no publica ' +
      'evento, pero la acción queda auditada). comision_premium ausente o null la elimina.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: AfiliadoResponseDto })
  @ApiBadRequestResponse(BAD_REQUEST)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'AFILIADO.MODIFICACION_CONCURRENTE' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'AFILIADO.COMISION_PREMIUM_INFERIOR_A_BASE' })
  async configurarComisiones(
    @Param('id', AfiliadoIdPipe) id: string,
    @Body() body: ActualizarConfiguracionComisionesRequestDto,
  ): Promise<AfiliadoResponseDto> {
    return AfiliadoResponseDto.from(
      await this.configurarHandler.execute(
        new ActualizarConfiguracionComisionesCommand(
          id,
          String(body.comision_base),
          decimalText(body.comision_premium),
          contexto(),
        ),
      ),
    );
  }
}

function decimalText(value: number | null | undefined): string | null | undefined {
  return typeof value === 'number' ? String(value) : value;
}
