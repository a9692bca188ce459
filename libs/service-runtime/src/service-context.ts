/**
 * What a service receives from the process that runs it: its name, the message bus (Kafka or the
 * in-process bus), a PostgreSQL pool, its logger and its metrics registry. Services never build these
 * themselves, so the same module runs alone in production and beside the others in `trottoir start`.
 */
import type { MessageBus } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Pool } from 'pg';

export type ServiceName = 'ingestion' | 'forecasting' | 'dispatch' | 'settlement' | 'simulator';

export interface ServiceContext {
  name: ServiceName;
  bus: MessageBus;
  pool: Pool;
  logger: Logger;
  metrics: Registry;
}
