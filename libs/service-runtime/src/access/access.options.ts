/**
 * What the access layer of one service is built from: the service's name, the verification settings
 * (from the platform configuration, or a test's), the clock, the logger, and where the audit trail and
 * the Idempotency-Keys go (PostgreSQL when the service has a pool, in memory otherwise).
 */
import type { Clock } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';

import type { AccessSettings } from './access.config';
import type { AuditLog } from './audit/audit-log.port';
import type { IdempotencyStore } from './idempotency/idempotency-store.port';

export interface AccessOptions {
  service: string;
  settings: AccessSettings;
  clock: Clock;
  logger: Logger;
  auditLog: AuditLog;
  idempotency: IdempotencyStore;
}
