// Public API of @trottoir/persistence: the migrations (TypeORM runs them; the stores read and write in
// plain SQL through pg), the time-series schema (TimescaleDB or native partitions) and the telemetry
// batch writer.
export { createDataSource, runMigrations, MIGRATIONS_TABLE } from './data-source.factory';
export type { DataSourceOptions, MigrationResult } from './data-source.factory';
export { createPgPool } from './pg-pool.factory';
export type { PgPoolOptions } from './pg-pool.factory';
export { MIGRATIONS } from './migrations/migrations';
export type { SegmentRatingsRecord } from './registry/segment-ratings.record';
export { TimeSeriesSchema, TimeSeriesSchemaMissingError, ROLLUP_TABLES } from './timeseries/time-series.schema';
export type { Queryable, TimeSeriesMode } from './timeseries/time-series.schema';
export { DirtyIntervalStore, refreshDirtyIntervals, DIRTY_INTERVAL_MS } from './timeseries/dirty-interval.store';
export type { DirtyInterval } from './timeseries/dirty-interval.store';
export { resumeRefreshFromTs } from './timeseries/rollup-windows';
export { alignWindow, daysToEnsure, distinctUtcDays, utcDayStart } from './timeseries/utc-day';
export type { PartitionHorizon } from './timeseries/utc-day';
export { TelemetryWriter } from './telemetry/telemetry.writer';
export type { TelemetryWriterOptions, WriteResult } from './telemetry/telemetry.writer';
export { InvalidTelemetryRowError, TELEMETRY_COLUMNS, assertStorableRow } from './telemetry/telemetry-row';
export type { TelemetryRow } from './telemetry/telemetry-row';
export { PgOutboxStore, appendOutbox } from './outbox/outbox.pg';
export { pruneInbox } from './outbox/inbox.pg';
export { BinaryCopyParser, copyRowsOut } from './copy/binary-copy.reader';
export type { CopyRow } from './copy/binary-copy.reader';
