import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const SRC = path.resolve(__dirname, '..');
/** migrations/ at the project root (from source) or dist/migrations (from the build). */
const MIGRATIONS = path.resolve(__dirname, '..', '..', '..', '..', 'migrations');

/**
 * The one definition of how we talk to PostgreSQL, used by the app, the TypeORM CLI
 * (data-source.ts), the migrate entry and the tests. `synchronize` is off everywhere:
 * the schema changes only through generated, committed migrations.
 */
export function dataSourceOptions(url: string, poolSize = 20, poolWaitMs = 10_000): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [path.join(SRC, 'modules', '**', 'entities', '*.entity.{ts,js}'), path.join(SRC, 'common', '**', 'entities', '*.entity.{ts,js}')],
    migrations: [path.join(MIGRATIONS, '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    // never on: TypeORM's logger prints every query with its parameters (phone numbers, hashes,
    // tokens). Failed queries surface as errors; the exception filter logs the unexpected ones
    // and the error serializer (common/http/logger-options.ts) drops their parameters.
    logging: false,
    // a request that cannot get a connection within poolWaitMs fails (503, see
    // AllExceptionsFilter) instead of waiting for ever: an exhausted pool must never hang the API
    extra: { max: poolSize, connectionTimeoutMillis: poolWaitMs, application_name: 'wavu-api' },
  };
}
