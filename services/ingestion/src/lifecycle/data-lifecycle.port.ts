/**
 * What the data lifecycle job does to the database, as a port: telemetry partitions made ahead and
 * dropped past retention, and the inbox pruned (the outbox is pruned through its own port). Adapter:
 * PostgreSQL (`PgDataLifecycle`); the SQL behind it is proved in @trottoir/persistence's
 * retention and outbox integration specs.
 */
export interface DataLifecycleStore {
  /** Creates the daily telemetry partitions of [fromTs, toTs) that are missing; returns how many. */
  ensureTelemetryPartitions(fromTs: number, toTs: number): Promise<number>;
  /** Drops the daily telemetry partitions whose whole day lies before `beforeTs`; returns their names. */
  dropTelemetryPartitionsBefore(beforeTs: number): Promise<string[]>;
  /** Deletes inbox entries processed before `beforeMs`; returns how many. */
  pruneInbox(beforeMs: number): Promise<number>;
}
