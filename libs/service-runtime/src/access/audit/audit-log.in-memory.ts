/** AuditLog in memory: for unit specs, and for a service without a database (the simulator), where each entry is also logged. */
import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.port';

/** Oldest entries are dropped past this many: memory stays bounded in a long-running service. */
const MAX_ENTRIES = 10_000;

export class InMemoryAuditLog implements AuditLog {
  private readonly entries: AuditEntry[] = [];

  constructor(private readonly onAppend?: (entry: AuditEntry) => void) {}

  async append(entry: AuditEntry): Promise<void> {
    this.entries.push({ ...entry, roles: [...entry.roles], targetIds: [...entry.targetIds] });
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.onAppend?.(entry);
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    return this.entries
      .filter((entry) => (query.fromTs === undefined || entry.at >= query.fromTs) && (query.toTs === undefined || entry.at < query.toTs))
      .filter((entry) => (query.service === undefined || entry.service === query.service) && (query.subject === undefined || entry.subject === query.subject))
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => b.entry.at - a.entry.at || b.index - a.index)
      .slice(0, query.limit)
      .map(({ entry }) => ({ ...entry }));
  }
}
