/**
 * The audit trail of commands: every non-GET request on a secured route, accepted or refused, with
 * who made it, what it was, when, how it ended and its request id. Append-only; read by `admin`
 * through GET /v1/audit. Adapters: PostgreSQL (`PgAuditLog`, table audit_log) and in memory
 * (`InMemoryAuditLog`: specs, and services without a database, which also log each entry); one
 * contract suite, audit-log.contract.ts, runs against both.
 */
export const AUDIT_LOG = Symbol('AUDIT_LOG');

export interface AuditEntry {
  /** Epoch ms UTC when the answer was sent. */
  at: number;
  service: string;
  requestId: string;
  /** The token's subject; undefined when the request carried no valid token. */
  subject?: string;
  roles: readonly string[];
  method: string;
  /** The route as declared (`/v1/grid-nodes/:id`). */
  route: string;
  /** The path as called (`/v1/grid-nodes/ps01`). */
  path: string;
  targetIds: readonly string[];
  status: number;
  /** The error message of a 4xx/5xx answer. */
  error?: string;
  durationMs: number;
}

export interface AuditQuery {
  /** Inclusive, epoch ms. */
  fromTs?: number;
  /** Exclusive, epoch ms. */
  toTs?: number;
  service?: string;
  subject?: string;
  limit: number;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first, at most `limit`. */
  list(query: AuditQuery): Promise<AuditEntry[]>;
}
