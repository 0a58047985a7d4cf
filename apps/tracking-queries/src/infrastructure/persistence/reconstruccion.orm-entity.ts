import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `reconstrucciones` (created by CreateProyecciones1790000001000). */
@Entity({ name: 'reconstrucciones' })
export class ReconstruccionOrmEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 12 })
  estado!: string;

  @Column({ type: 'varchar', length: 15 })
  fase!: string;

  @Column({ type: 'char', length: 1 })
  destino!: string;

  @Column({ type: 'char', length: 1 })
  origen!: string;

  @Column({ type: 'varchar', length: 200 })
  instancia!: string;

  @Column({ name: 'solicitada_en', type: 'datetime', precision: 3 })
  solicitadaEn!: Date;

  @Column({ name: 'latido_en', type: 'datetime', precision: 3 })
  latidoEn!: Date;

  @Column({ name: 'terminada_en', type: 'datetime', precision: 3, nullable: true })
  terminadaEn!: Date | null;

  @Column({ name: 'eventos_aplicados', type: 'bigint' })
  eventosAplicados!: string;

  @Column({ name: 'eventos_omitidos', type: 'bigint' })
  eventosOmitidos!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @Column({ type: 'int' })
  version!: number;
}
