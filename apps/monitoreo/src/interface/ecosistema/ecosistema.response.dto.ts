import { ApiProperty } from '@nestjs/swagger';
import { TOPICS } from '@alpes/contracts';
import type { EstadoServicio } from '../../application/queries/obtener-ecosistema/ecosistema.ports';
import type {
  DlqEcosistema,
  Ecosistema,
  SuscripcionEcosistema,
  TopicEcosistema,
} from '../../application/queries/obtener-ecosistema/ecosistema.read-model';

const TOPIC_KEYS = Object.keys(TOPICS);

export class BrokerResponseDto {
  @ApiProperty({ example: 'http://127.0.0.1:8080', description: 'admin REST API base URL' }) url!: string;
  @ApiProperty({ description: 'false when the admin API did not answer (topics and dlq are then empty)' }) ok!: boolean;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'why the broker is not ok' }) error!: string | null;
}

export class SubscriptionResponseDto {
  @ApiProperty({ example: 'monitoreo.event-log' }) name!: string;
  @ApiProperty({
    example: 'Key_Shared',
    description: "the broker's type while consumers are connected, else the catalog's (`None`: unknown, no consumer)",
  })
  type!: string;
  @ApiProperty({ example: 0, description: 'messages not acknowledged yet, all partitions' }) backlog!: number;
  @ApiProperty({ example: 10.2, description: 'messages/s dispatched (broker-computed, refreshed about every minute)' })
  msg_rate_out!: number;
  @ApiProperty({ example: 1 }) consumers!: number;
  @ApiProperty({ example: 0, description: 'delivered, not acknowledged yet' }) unacked!: number;
  @ApiProperty({ description: 'false for the cursor of a non-durable reader' }) durable!: boolean;
  @ApiProperty({ description: 'declared in the topic catalog (libs/contracts)' }) in_catalog!: boolean;
  @ApiProperty({ description: 'false for a catalog subscription the broker does not have yet' }) exists!: boolean;

  static de(s: SuscripcionEcosistema): SubscriptionResponseDto {
    return {
      name: s.nombre,
      type: s.tipo,
      backlog: s.backlog,
      msg_rate_out: s.msgRateOut,
      consumers: s.consumidores,
      unacked: s.unacked,
      durable: s.durable,
      in_catalog: s.enCatalogo,
      exists: s.existe,
    };
  }
}

export class TopicResponseDto {
  @ApiProperty({ enum: TOPIC_KEYS, example: 'conversiones.eventos' }) key!: string;
  @ApiProperty({ example: 'persistent://alpes/eventos/conversiones.eventos', description: 'the physical (resolved) topic' })
  topic!: string;
  @ApiProperty() exists!: boolean;
  @ApiProperty({ example: 6, description: '0 for a non-partitioned or missing topic' }) partitions!: number;
  @ApiProperty({ example: 6, description: 'partitions the catalog declares' }) catalog_partitions!: number;
  @ApiProperty({ example: 12.3, description: 'messages/s published (broker-computed, refreshed about every minute)' })
  msg_rate_in!: number;
  @ApiProperty({ example: 30.1 }) msg_rate_out!: number;
  @ApiProperty({ example: 1234, description: 'messages published since the topic was loaded' }) msg_in_counter!: number;
  @ApiProperty({ example: 3702 }) msg_out_counter!: number;
  @ApiProperty({ example: 123456, description: 'bytes stored' }) storage_size!: number;
  @ApiProperty({ example: 0, description: 'sum of the durable subscriptions’ backlogs' }) backlog!: number;
  @ApiProperty({ type: [SubscriptionResponseDto] }) subscriptions!: SubscriptionResponseDto[];
  @ApiProperty({ nullable: true, type: String, description: 'the broker answered this topic with an error' }) error!:
    | string
    | null;

  static de(t: TopicEcosistema): TopicResponseDto {
    return {
      key: t.key,
      topic: t.topic,
      exists: t.existe,
      partitions: t.particiones,
      catalog_partitions: t.particionesCatalogo,
      msg_rate_in: t.msgRateIn,
      msg_rate_out: t.msgRateOut,
      msg_in_counter: t.msgInCounter,
      msg_out_counter: t.msgOutCounter,
      storage_size: t.storageSize,
      backlog: t.backlog,
      subscriptions: t.suscripciones.map(SubscriptionResponseDto.de),
      error: t.error,
    };
  }
}

export class DlqResponseDto {
  @ApiProperty({ example: 'persistent://alpes/externos/clicks-monitoreo.externos-DLQ' }) topic!: string;
  @ApiProperty({ enum: TOPIC_KEYS, example: 'clicks' }) source_key!: string;
  @ApiProperty({ example: 'monitoreo.externos' }) subscription!: string;
  @ApiProperty({ example: 2, description: 'messages stored; 0 when nothing was ever dead-lettered' }) messages!: number;
  @ApiProperty({ description: 'the dead-letter topic exists (it is created by the first dead-lettered message or by the set-up script)' })
  exists!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the broker answered this topic with an error; its size is unknown' })
  error!: string | null;

  static de(d: DlqEcosistema): DlqResponseDto {
    return { topic: d.topic, source_key: d.sourceKey, subscription: d.suscripcion, messages: d.mensajes, exists: d.existe, error: d.error };
  }
}

export class ServicioResponseDto {
  @ApiProperty({ example: 'afiliados' }) servicio!: string;
  @ApiProperty({ example: 'http://127.0.0.1:8001' }) url!: string;
  @ApiProperty({ description: '`GET <url>/health` answered 2xx in time' }) up!: boolean;
  @ApiProperty({ example: 'healthy', description: 'health `status`, or unreachable / timeout / http <code>' }) status!: string;
  @ApiProperty({ nullable: true, type: Number, example: 5 }) latencia_ms!: number | null;
  @ApiProperty({ nullable: true, type: String, example: null }) error!: string | null;

  static de(s: EstadoServicio): ServicioResponseDto {
    return { servicio: s.servicio, url: s.url, up: s.up, status: s.status, latencia_ms: s.latenciaMs, error: s.error };
  }
}

export class ResumenResponseDto {
  @ApiProperty({ example: 10, description: 'catalog topics that exist on the broker' }) topics!: number;
  @ApiProperty({ example: 10, description: 'catalog topics' }) topics_total!: number;
  @ApiProperty({ example: 0 }) backlog_total!: number;
  @ApiProperty({ example: 2 }) dlq_total!: number;
  @ApiProperty({ example: 5 }) servicios_up!: number;
  @ApiProperty({ example: 5 }) servicios_total!: number;
}

export class EcosistemaResponseDto {
  @ApiProperty({ format: 'date-time' }) generado_en!: string;
  @ApiProperty({ type: BrokerResponseDto }) broker!: BrokerResponseDto;
  @ApiProperty({ type: [TopicResponseDto], description: 'every catalog topic, in catalog order' }) topics!: TopicResponseDto[];
  @ApiProperty({ type: [DlqResponseDto], description: 'the dead-letter topic of every catalog subscription' }) dlq!: DlqResponseDto[];
  @ApiProperty({ type: [ServicioResponseDto], description: 'from MONITOREO_SERVICIOS (default: the five apps)' })
  servicios!: ServicioResponseDto[];
  @ApiProperty({ type: ResumenResponseDto }) resumen!: ResumenResponseDto;

  static de(e: Ecosistema): EcosistemaResponseDto {
    return {
      generado_en: e.generadoEn.toISOString(),
      broker: { url: e.broker.url, ok: e.broker.ok, error: e.broker.error },
      topics: e.topics.map(TopicResponseDto.de),
      dlq: e.dlq.map(DlqResponseDto.de),
      servicios: e.servicios.map(ServicioResponseDto.de),
      resumen: {
        topics: e.resumen.topics,
        topics_total: e.resumen.topicsCatalogo,
        backlog_total: e.resumen.backlogTotal,
        dlq_total: e.resumen.dlqTotal,
        servicios_up: e.resumen.serviciosUp,
        servicios_total: e.resumen.serviciosTotal,
      },
    };
  }
}
