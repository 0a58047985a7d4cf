import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { createConnection } from 'mysql2/promise';
import type { MixedList, EntitySchema } from 'typeorm';
import {
  CreateInboxMessages1790000000001,
  CreateOutboxMessages1790000000000,
  InboxMessageOrmEntity,
  OutboxMessageOrmEntity,
} from '@alpes/messaging';
import type { ServiceRuntimeOptions } from '../service/runtime-options';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;

export interface ServiceDatabaseOptions {
  /** Database the service owns (DESIGN.md §1); `runtime.database` or `MYSQL_DATABASE` override it. */
  readonly database: string;
  readonly entities: EntityList;
  /** The app's own migrations (classes); the outbox and inbox migrations are added first. */
  readonly migrations: EntityList;
  readonly runtime?: ServiceRuntimeOptions;
  /** Pool size; default `MYSQL_POOL_SIZE` or 20. */
  readonly poolSize?: number;
}

export interface MysqlConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** MYSQL_HOST / MYSQL_PORT / MYSQL_USER / MYSQL_PASSWORD (the scripts' and docker-compose's variables). */
export function mysqlSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MysqlConnectionSettings {
  return {
    host: env['MYSQL_HOST'] || '127.0.0.1',
    port: Number(env['MYSQL_PORT'] || 3306),
    username: env['MYSQL_USER'] || 'root',
    password: env['MYSQL_PASSWORD'] ?? '',
  };
}

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Creates the database when missing (a fresh server needs no manual step) and tells whether the server is MariaDB
 * or MySQL: TypeORM reads column defaults differently on each, and the right driver type keeps migrations exact.
 */
export async function prepareDatabase(settings: MysqlConnectionSettings, database: string): Promise<'mysql' | 'mariadb'> {
  if (!DATABASE_NAME.test(database)) throw new Error(`Invalid database name "${database}"`);
  const connection = await createConnection({
    host: settings.host,
    port: settings.port,
    user: settings.username,
    password: settings.password,
    connectTimeout: 10_000,
  });
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = String((rows as { version: string }[])[0]?.version ?? '');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export function databaseNameOf(options: ServiceDatabaseOptions): string {
  return options.runtime?.database ?? process.env['MYSQL_DATABASE'] ?? options.database;
}

/**
 * The service's TypeORM DataSource (default connection): its database created when missing, the outbox and inbox
 * tables, the app's migrations run at start-up (never `synchronize`), DECIMAL and BIGINT read as strings (exact money),
 * dates in UTC.
 */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async (): Promise<TypeOrmModuleOptions> => {
            const settings = mysqlSettingsFromEnv();
            const database = databaseNameOf(options);
            const type = await prepareDatabase(settings, database);
            return {
              type,
              ...settings,
              database,
              entities: [OutboxMessageOrmEntity, InboxMessageOrmEntity, ...(options.entities as unknown[])],
              migrations: [
                CreateOutboxMessages1790000000000,
                CreateInboxMessages1790000000001,
                ...(options.migrations as unknown[]),
              ],
              migrationsRun: true,
              migrationsTransactionMode: 'each',
              synchronize: false,
              timezone: 'Z',
              charset: 'utf8mb4_unicode_ci',
              supportBigNumbers: true,
              bigNumberStrings: true,
              extra: { connectionLimit: options.poolSize ?? Number(process.env['MYSQL_POOL_SIZE'] || 20), decimalNumbers: false },
              retryAttempts: Number(process.env['MYSQL_CONNECT_RETRIES'] || 10),
              retryDelay: 3_000,
            } as TypeOrmModuleOptions;
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
