import { ApiProperty } from '@nestjs/swagger';

export class TrackingAceptadoResponseDto {
  @ApiProperty({ description: 'Id of the impression or click (the click_id conversions refer to)' })
  id!: string;
}

export class RechazoLoteResponseDto {
  @ApiProperty({ description: 'Position of the refused item in `items`' })
  indice!: number;

  @ApiProperty({ example: 422 })
  statusCode!: number;

  @ApiProperty({ example: 'TRACKING.CAMPANA_INACTIVA' })
  code!: string;

  @ApiProperty()
  message!: string;
}

export class LoteResponseDto {
  @ApiProperty({ description: 'Items accepted (stored durably, processed asynchronously)' })
  aceptados!: number;

  @ApiProperty({ type: [String], description: 'Ids of the accepted items, in request order' })
  ids!: string[];

  @ApiProperty({ type: [RechazoLoteResponseDto], description: 'Items refused by a business rule (unknown campaign 404, inactive 422 …)' })
  rechazados!: RechazoLoteResponseDto[];
}

export class FraudeCampanaResponseDto {
  @ApiProperty()
  campana_id!: string;

  @ApiProperty()
  clicks_marcados!: number;
}

export class FraudeResponseDto {
  @ApiProperty({ description: 'More clicks than this per IP, campaign and minute are flagged' })
  umbral_clicks_por_ip_minuto!: number;

  @ApiProperty({ description: 'Flagged clicks: stored, never published as ClickRegistrado, never billed' })
  clicks_marcados!: number;

  @ApiProperty({ description: 'Conversions rejected with CLICK_FLOODING' })
  conversiones_rechazadas_flooding!: number;

  @ApiProperty({ type: [FraudeCampanaResponseDto], description: 'Campaigns with flagged clicks (at most 100, most first)' })
  por_campana!: FraudeCampanaResponseDto[];
}

// The shared error body of every service (libs/platform), under the name this app's controllers import.
export { ErrorResponseDto } from '@alpes/platform';
