import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import {
  CreateInboxMessages1790000000001,
  CreateOutboxMessages1790000000000,
  InboxMessageOrmEntity,
  OutboxMessageOrmEntity,
} from '@alpes/messaging';
import { settingOf, type ServiceRuntimeOptions } from '../service/runtime-options';
import { boundPool, DEFAULT_ACQUIRE_TIMEOUT_MS, defaultNestedConnectionPolicy, type PoolBounds } from './connection-pool';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;

export interface ServiceDatabaseOptions {
  /** Database the service owns (DESIGN.md §1); `runtime.database` or `MYSQL_DATABASE` override it. */
  readonly database: string;
  readonly entities: EntityList;
  /** The app's own migrations (classes); the outbox and inbox migrations are added first. */
  readonly migrations: EntityList;
  readonly runtime?: ServiceRuntimeOptions;
  /** Pool size; default `MYSQL_POOL_SIZE` (`runtime.settings` first, then the environment) or 20. */
  readonly poolSize?: number;
}

/** A positive integer setting (`runtime.settings`, then the environment), or `fallback`; anything else stops the start. */
function positiveIntegerSetting(runtime: ServiceRuntimeOptions | undefined, name: string, fallback: number): number {
  const raw = settingOf(runtime, name);
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
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
 * dates in UTC. The pool (`MYSQL_POOL_SIZE`) never lets a request wait longer than `MYSQL_ACQUIRE_TIMEOUT_MS` for a
 * connection (see `boundPool`).
 */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDatabaseOptions): DynamicModule {
    // Read in `useFactory` (once: a bad value stops the start), applied in `dataSourceFactory` (retried on failure).
    let bounds: PoolBounds | undefined;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          // mysql2's pool waits for ever for a free connection: every acquisition gets a bound once it exists.
          dataSourceFactory: async (dataSourceOptions?: DataSourceOptions): Promise<DataSource> => {
            if (!dataSourceOptions) throw new Error('DatabaseModule: no DataSource options');
            const dataSource = await new DataSource(dataSourceOptions).initialize();
            boundPool(dataSource, bounds ?? { acquireTimeoutMs: DEFAULT_ACQUIRE_TIMEOUT_MS, nestedConnections: defaultNestedConnectionPolicy() });
            return dataSource;
          },
          useFactory: async (): Promise<TypeOrmModuleOptions> => {
            bounds = {
              acquireTimeoutMs: positiveIntegerSetting(options.runtime, 'MYSQL_ACQUIRE_TIMEOUT_MS', DEFAULT_ACQUIRE_TIMEOUT_MS),
              nestedConnections: defaultNestedConnectionPolicy(),
            };
            const poolSize = options.poolSize ?? positiveIntegerSetting(options.runtime, 'MYSQL_POOL_SIZE', 20);
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
              extra: {
                connectionLimit: poolSize,
                decimalNumbers: false,
              },
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
