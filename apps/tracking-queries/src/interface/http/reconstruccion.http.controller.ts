import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { SolicitarReconstruccionCommand } from '../../application/commands/solicitar-reconstruccion/solicitar-reconstruccion.command';
import { SolicitarReconstruccionHandler } from '../../application/commands/solicitar-reconstruccion/solicitar-reconstruccion.handler';
import { ObtenerReconstruccionHandler } from '../../application/queries/obtener-reconstruccion/obtener-reconstruccion.handler';
import { ObtenerReconstruccionQuery } from '../../application/queries/obtener-reconstruccion/obtener-reconstruccion.query';
import { ErrorResponseDto } from './error.response.dto';
import { ReconstruccionIdPathDto, SolicitarReconstruccionRequestDto } from './tracking-queries.request.dto';
import { ReconstruccionResponseDto } from './tracking-queries.response.dto';

const RUTA = '/tracking/queries/admin/rebuild';

@ApiTags('tracking-queries admin')
@Controller(RUTA.slice(1))
export class ReconstruccionHttpController {
  constructor(
    private readonly solicitar: SolicitarReconstruccionHandler,
    private readonly obtener: ObtenerReconstruccionHandler,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Rebuild every projection from the earliest retained message',
    description:
      'Starts in the background and answers 202 at once (Location: the status URL). The topics are replayed into the ' +
      'inactive copy of the tables while queries keep answering from the active one (kept up to date by the live ' +
      'consumers); once the copy has caught up, it becomes the active one atomically, with no event lost or counted twice. ' +
      'One rebuild at a time: 409 RECONSTRUCCION.EN_CURSO while another runs.',
  })
  @ApiAcceptedResponse({ type: ReconstruccionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'a body that is not `{ motivo? }`' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'a rebuild is running (RECONSTRUCCION.EN_CURSO)' })
  async reconstruir(@Body() body: SolicitarReconstruccionRequestDto, @Res({ passthrough: true }) res: Response): Promise<ReconstruccionResponseDto> {
    const r = await this.solicitar.execute(new SolicitarReconstruccionCommand(body.motivo ?? null));
    res.setHeader('Location', `${RUTA}/${r.id}`);
    return ReconstruccionResponseDto.de(r);
  }

  @Get('status')
  @ApiOperation({ summary: 'The latest rebuild' })
  @ApiOkResponse({ type: ReconstruccionResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'no rebuild requested yet (RECONSTRUCCION.NO_ENCONTRADA)' })
  async ultima(): Promise<ReconstruccionResponseDto> {
    return ReconstruccionResponseDto.de(await this.obtener.execute(new ObtenerReconstruccionQuery(null)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rebuild: estado EN_CURSO | COMPLETADA | FALLIDA, its phase and progress' })
  @ApiOkResponse({ type: ReconstruccionResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'id is not a uuid' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'unknown rebuild (RECONSTRUCCION.NO_ENCONTRADA)' })
  async una(@Param() { id }: ReconstruccionIdPathDto): Promise<ReconstruccionResponseDto> {
    return ReconstruccionResponseDto.de(await this.obtener.execute(new ObtenerReconstruccionQuery(id)));
  }
}
