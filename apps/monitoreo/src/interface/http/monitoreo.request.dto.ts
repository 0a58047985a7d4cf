import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDecimalNumber, IsOptionalNotNull, IsQueryInt, PaginationQueryDto } from '@alpes/platform';
import { ESTADOS_ALERTA, type EstadoAlerta } from '../../domain/alerta/alerta.aggregate';
import { IDS_REGLA, MINIMO_CLICKS_MAXIMO, UMBRAL_MAXIMO } from '../../domain/alerta/regla-alerta';
import { LIMITES } from '../../domain/evento-log/registro-evento';
import { PERIODOS, type Periodo } from '../../domain/metricas/periodo';
import { LIMITE_EVENTOS_DEFECTO, LIMITE_EVENTOS_MAXIMO } from '../../application/queries/listar-eventos/listar-eventos.query';
import { IsFechaConsulta } from './fecha-consulta';


export class MetricasRequestDto {
  @ApiPropertyOptional({ enum: PERIODOS, default: '24h', description: 'window of the metrics' })
  @IsOptional()
  @IsIn(PERIODOS, { message: `period must be one of ${PERIODOS.join(', ')}` })
  period?: Periodo;
}

export class EventosRequestDto {
  @ApiPropertyOptional({
    description: 'exact event type (`ClickRegistrado`, `sale`…) or a category (`impression`, `click`, `conversion`, `sale`, `other`)',
    example: 'conversion',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITES.eventType)
  event_type?: string;

  @ApiPropertyOptional({ description: 'user id (usuario_id of the contract events, user_id of the JSON topics)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITES.userId)
  user_id?: string;

  @ApiPropertyOptional({ description: 'campaign id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITES.campaignId)
  campaign_id?: string;

  @ApiPropertyOptional({ description: 'affiliate id' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITES.affiliateId)
  affiliate_id?: string;

  @ApiPropertyOptional({ description: 'catalog key of the source topic', example: 'conversiones.eventos' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  source_topic?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITE_EVENTOS_MAXIMO, default: LIMITE_EVENTOS_DEFECTO, description: 'how many events' })
  @IsOptional()
  @IsQueryInt({ min: 1, max: LIMITE_EVENTOS_MAXIMO })
  limit?: number;
}

export class ListarAlertasRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ESTADOS_ALERTA, description: 'only alerts in this state' })
  @IsOptional()
  @IsIn(ESTADOS_ALERTA)
  estado?: EstadoAlerta;
}

export class ReglaIdPathDto {
  @ApiProperty({ example: IDS_REGLA[0], description: `rule id (known: ${IDS_REGLA.join(', ')}; another well-formed id → 404)` })
  @IsString()
  @MaxLength(50)
  @Matches(/^[A-Za-z0-9_]+$/, { message: 'id must contain only letters, digits and _' })
  id!: string;
}

/** Settings left out keep their value; unknown fields are refused. */
export class ConfigurarReglaRequestDto {
  @ApiPropertyOptional({ description: 'conversion rate (percent) under which the rule fires', minimum: 0, maximum: UMBRAL_MAXIMO, example: 2.0 })
  @IsOptionalNotNull()
  @IsDecimalNumber(4)
  @Min(0)
  @Max(UMBRAL_MAXIMO)
  umbral?: number;

  @ApiPropertyOptional({ enum: PERIODOS, description: 'window the rate is measured over' })
  @IsOptionalNotNull()
  @IsIn(PERIODOS)
  periodo?: Periodo;

  @ApiPropertyOptional({ description: 'fewer clicks than this in the period: no judgement', minimum: 0, maximum: MINIMO_CLICKS_MAXIMO, example: 100 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MINIMO_CLICKS_MAXIMO)
  minimo_clicks?: number;

  @ApiPropertyOptional({ description: 'false stops the rule (and resolves its active alert)' })
  @IsOptionalNotNull()
  @IsBoolean()
  activa?: boolean;
}

/** Exact-match filters: any text but control characters. */
const TEXTO_FILTRO = /^\P{Cc}+$/u;

export class ListarAuditoriaRequestDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'afiliados' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(TEXTO_FILTRO)
  servicio?: string;

  @ApiPropertyOptional({ example: 'afiliado' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(TEXTO_FILTRO)
  recurso?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(TEXTO_FILTRO)
  recurso_id?: string;

  @ApiPropertyOptional({ example: 'ACTIVAR_AFILIADO' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(TEXTO_FILTRO)
  accion?: string;

  @ApiPropertyOptional({ type: String, description: 'from (inclusive), an ISO 8601 date or date-time: YYYY-MM-DD or YYYY-MM-DDTHH:mm[:ss[.sss]][Z|±HH:mm], years 0000–9999' })
  @IsOptional()
  @IsFechaConsulta()
  desde?: string;

  @ApiPropertyOptional({ type: String, description: 'until (inclusive), an ISO 8601 date or date-time: YYYY-MM-DD or YYYY-MM-DDTHH:mm[:ss[.sss]][Z|±HH:mm], years 0000–9999' })
  @IsOptional()
  @IsFechaConsulta()
  hasta?: string;
}
