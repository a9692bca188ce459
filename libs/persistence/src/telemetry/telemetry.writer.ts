// The telemetry hot path: a batch goes to a temporary staging table by COPY, then into `telemetry`
// with one INSERT ... ON CONFLICT DO NOTHING, in one transaction. Writing the same rows again (Kafka
// redelivery, a replayed HTTP batch) stores nothing new.
import type { Clock } from '@trottoir/kernel';
import { systemClock } from '@trottoir/kernel';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import type { TimeSeriesSchema } from '../timeseries/time-series.schema';
import type { PartitionHorizon } from '../timeseries/utc-day';
import { daysToEnsure } from '../timeseries/utc-day';
import { STAGING_COLUMNS, encodeCopyChunks } from './telemetry-copy.encoder';
import { MAX_ROWS_PER_INSERT, buildMultiRowInsertSql, multiRowInsertParams } from './telemetry-insert.sql';
import type { TelemetryRow } from './telemetry-row';
import { TELEMETRY_COLUMNS, assertStorableRow } from './telemetry-row';

export interface WriteResult {
  /** Rows newly stored. */
  readonly inserted: number;
  /** Rows skipped: already stored, or repeated earlier in the same batch. */
  readonly duplicates: number;
}

export interface TelemetryWriterOptions {
  /** Which days get a partition on demand (native mode); rows outside go to the default partition. */
  readonly horizon?: PartitionHorizon;
  /** Clock for the horizon, epoch ms. */
  readonly clock?: Clock;
  /** Rows per multi-row INSERT statement in `writeWithInsert`. */
  readonly insertChunkRows?: number;
}

const DEFAULT_HORIZON: PartitionHorizon = { maxPastDays: 400, maxFutureDays: 2 };

const CREATE_STAGING = `create temporary table if not exists telemetry_staging (
  ord integer not null, segment_id text not null, ts_ms bigint not null,
  pv_power_w double precision, lights_power_w double precision, ev_power_w double precision,
  battery_power_w double precision, battery_soc_pct double precision, net_power_w double precision,
  meter_import_wh double precision, meter_export_wh double precision, lights_dimming_pct double precision,
  ev_sessions_active integer
) on commit delete rows`;

const VALUE_COLUMNS = TELEMETRY_COLUMNS.slice(2).join(', ');

// DISTINCT ON keeps the first occurrence in batch order, so which duplicate wins is deterministic.
const INSERT_FROM_STAGING = `insert into telemetry (${TELEMETRY_COLUMNS.join(', ')})
  select distinct on (segment_id, ts_ms) segment_id, timestamptz 'epoch' + ts_ms * interval '1 millisecond', ${VALUE_COLUMNS}
    from telemetry_staging order by segment_id, ts_ms, ord
  on conflict (segment_id, ts) do nothing`;

export class TelemetryWriter {
  /** UTC day starts whose partition is known to exist, so steady-state batches run no DDL. */
  private readonly knownDays = new Set<number>();
  /** Connections on which the temporary staging table already exists (it lives as long as the session). */
  private readonly stagingReady = new WeakSet<PoolClient>();
  private readonly horizon: PartitionHorizon;
  private readonly clock: Clock;
  private readonly insertChunkRows: number;

  constructor(
    private readonly pool: Pool,
    private readonly schema: TimeSeriesSchema,
    options: TelemetryWriterOptions = {},
  ) {
    this.horizon = options.horizon ?? DEFAULT_HORIZON;
    this.clock = options.clock ?? systemClock;
    this.insertChunkRows = Math.min(options.insertChunkRows ?? 1000, MAX_ROWS_PER_INSERT);
  }

  /** Stores a batch through COPY and a staging table. */
  async write(rows: readonly TelemetryRow[]): Promise<WriteResult> {
    if (rows.length === 0) return { inserted: 0, duplicates: 0 };
    rows.forEach(assertStorableRow);
    await this.ensurePartitionsFor(rows);
    return this.inTransaction(async (client) => {
      const copy = client.query(copyFrom(`copy telemetry_staging (${STAGING_COLUMNS.join(', ')}) from stdin`));
      await pipeline(Readable.from(encodeCopyChunks(rows)), copy);
      const result = await client.query(INSERT_FROM_STAGING);
      return this.result(rows.length, result.rowCount ?? 0);
    });
  }

  /** Same contract as `write`, with multi-row INSERT statements: the baseline COPY is measured against. */
  async writeWithInsert(rows: readonly TelemetryRow[]): Promise<WriteResult> {
    if (rows.length === 0) return { inserted: 0, duplicates: 0 };
    rows.forEach(assertStorableRow);
    await this.ensurePartitionsFor(rows);
    return this.inTransaction(async (client) => {
      let inserted = 0;
      for (let start = 0; start < rows.length; start += this.insertChunkRows) {
        const chunk = rows.slice(start, start + this.insertChunkRows);
        const result = await client.query(buildMultiRowInsertSql(chunk.length), multiRowInsertParams(chunk));
        inserted += result.rowCount ?? 0;
      }
      return this.result(rows.length, inserted);
    });
  }

  private result(total: number, inserted: number): WriteResult {
    return { inserted, duplicates: total - inserted };
  }

  /** Partition DDL runs before, not inside, the write transaction so its locks are held briefly. */
  private async ensurePartitionsFor(rows: readonly TelemetryRow[]): Promise<void> {
    if (this.schema.mode !== 'native') return;
    const days = daysToEnsure(
      rows.map((row) => row.ts),
      this.knownDays,
      this.clock.now(),
      this.horizon,
    );
    if (days.length === 0) return;
    await this.schema.ensureDayPartitions(days);
    for (const day of days) this.knownDays.add(day);
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // Outside the transaction, so a rolled-back batch cannot take the table with it.
      if (!this.stagingReady.has(client)) {
        await client.query(CREATE_STAGING);
        this.stagingReady.add(client);
      }
      await client.query('begin');
      const value = await work(client);
      await client.query('commit');
      return value;
    } catch (error) {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        // A connection that cannot even roll back is not returned to the pool.
        broken = rollbackError as Error;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
