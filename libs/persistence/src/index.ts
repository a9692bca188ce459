// Public API of @trottoir/persistence: data source and migrations, the time-series schema (TimescaleDB
// or native partitions), the telemetry batch writer and the persistence-only entities.
export { createDataSource, runMigrations, MIGRATIONS_TABLE } from './data-source.factory';
export type { DataSourceOptions, MigrationResult } from './data-source.factory';
export { createPgPool } from './pg-pool.factory';
export type { PgPoolOptions } from './pg-pool.factory';
export { MIGRATIONS } from './migrations/migrations';
export { ENTITIES } from './entities/entities';
export { GridNodeEntity } from './entities/grid-node.entity';
export { SegmentEntity } from './entities/segment.entity';
export type { SegmentRatingsRecord } from './entities/segment.entity';
export { InboxEntryEntity } from './entities/inbox-entry.entity';
export { OutboxMessageEntity } from './entities/outbox-message.entity';
export { TimeSeriesSchema, TimeSeriesSchemaMissingError, ROLLUP_TABLES } from './timeseries/time-series.schema';
export type { Queryable, TimeSeriesMode } from './timeseries/time-series.schema';
export { DirtyIntervalStore, refreshDirtyIntervals, DIRTY_INTERVAL_MS } from './timeseries/dirty-interval.store';
export type { DirtyInterval } from './timeseries/dirty-interval.store';
export { resumeRefreshFromTs } from './timeseries/rollup-windows';
export { DAY_MS, HOUR_MS, alignWindow, daysToEnsure, distinctUtcDays, utcDayStart } from './timeseries/utc-day';
export type { PartitionHorizon } from './timeseries/utc-day';
export { TelemetryWriter } from './telemetry/telemetry.writer';
export type { TelemetryWriterOptions, WriteResult } from './telemetry/telemetry.writer';
export { InvalidTelemetryRowError, TELEMETRY_COLUMNS, assertStorableRow } from './telemetry/telemetry-row';
export type { TelemetryRow } from './telemetry/telemetry-row';
