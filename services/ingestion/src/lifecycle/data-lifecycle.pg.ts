/** The data lifecycle's database work on PostgreSQL, through @trottoir/persistence. */
import { pruneInbox } from '@trottoir/persistence';
import type { Queryable, TimeSeriesSchema } from '@trottoir/persistence';

import type { DataLifecycleStore } from './data-lifecycle.port';

export class PgDataLifecycle implements DataLifecycleStore {
  constructor(
    private readonly db: Queryable,
    private readonly schema: TimeSeriesSchema,
  ) {}

  ensureTelemetryPartitions(fromTs: number, toTs: number): Promise<number> {
    return this.schema.ensurePartitions(fromTs, toTs);
  }

  dropTelemetryPartitionsBefore(beforeTs: number): Promise<string[]> {
    return this.schema.dropPartitionsBefore(beforeTs);
  }

  pruneInbox(beforeMs: number): Promise<number> {
    return pruneInbox(this.db, beforeMs);
  }
}
