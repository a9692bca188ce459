/**
 * What a service receives from the process that runs it: its name, the message bus (Kafka or the
 * in-process bus), a PostgreSQL pool when it keeps state there, the clock, its logger and its metrics
 * registry. Services never build these themselves, so the same module runs alone in production and
 * beside the others in `trottoir start`.
 */
import type { ServiceName } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Pool } from 'pg';

export type { ServiceName };

export interface ServiceContext {
  name: ServiceName;
  bus: MessageBus;
  /** Absent for a service without a database (the simulator): it then neither gets PG_POOL nor a database readiness check. */
  pool?: Pool;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
}
