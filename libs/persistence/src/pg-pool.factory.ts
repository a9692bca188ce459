// A plain `pg` pool for the hot paths (telemetry writes, rollup refreshes, settlement sums), which
// bypass TypeORM for speed and for COPY.
import { Pool } from 'pg';

import { TracedClient } from './pg-tracing';

export interface PgPoolOptions {
  readonly max?: number;
  readonly applicationName?: string;
  /**
   * An idle client that loses its connection emits 'error' on the pool; unhandled, that event would
   * crash the process. Defaults to writing to stderr; the pool replaces the client by itself.
   */
  readonly onIdleClientError?: (error: Error) => void;
}

export function createPgPool(databaseUrl: string, options: PgPoolOptions = {}): Pool {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'trottoir',
    // Queries inside a trace (a request, a consumed batch) get a CLIENT span of their own.
    Client: TracedClient,
  });
  pool.on('error', options.onIdleClientError ?? ((error) => console.error('pg pool: idle client error', error)));
  return pool;
}
