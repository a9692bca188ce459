/**
 * What a service receives from the process that runs it: its name, the message bus (Kafka or the
 * in-process bus), a PostgreSQL pool when it keeps state there, the clock, its logger, its metrics
 * registry and how its REST API verifies tokens. Services never build these themselves, so the same
 * module runs alone in production and beside the others in `trottoir start`.
 */
import type { ServiceName } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger, Registry } from '@trottoir/observability';
import type { Pool } from 'pg';

import type { AccessSettings } from './access/access.config';
import type { Leases } from './lease/lease.port';

export type { ServiceName };

export interface ServiceContext {
  name: ServiceName;
  bus: MessageBus;
  /** Absent for a service without a database (the simulator): it then neither gets PG_POOL nor a database readiness check. */
  pool?: Pool;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** Token verification, rate limits and idempotency of the REST API (from the platform configuration, or a test's). */
  access: AccessSettings;
  /** This process in the cluster (TROTTOIR_INSTANCE_ID): lease holder, per-instance consumer groups; host name and pid when absent. */
  instanceId?: string;
  /**
   * Who runs the scheduled cycles: the platform gives leases in PostgreSQL when it runs on Kafka (replicas
   * may exist) and in memory on the in-process bus (the process is the cluster); when absent, PostgreSQL
   * when the service has a pool, else memory.
   */
  leases?: Leases;
}
