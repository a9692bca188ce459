/** StatementStore in memory: the contract's reference, and the store of the unit specs. */
import type { AllocationPeriod, FollowedOrder, InputExtent, StatementSummary, StatementVersionRecord } from './statement-records';
import type { SaveOutcome, StatementStore } from './statement-store.port';

interface OrderState extends FollowedOrder {
  pending: boolean;
  extent?: InputExtent;
}

export class InMemoryStatementStore implements StatementStore {
  private readonly orders = new Map<string, OrderState>();
  private readonly versions = new Map<string, StatementVersionRecord[]>();
  private readonly cursors = new Map<string, number>();
  private readonly periods = new Map<string, AllocationPeriod & { pending: boolean; window?: { dataFromTs: number; dataToTs: number } }>();

  async followOrder(order: { orderId: string; nodeId: string; acceptedAt: number }): Promise<SaveOutcome> {
    if (this.orders.has(order.orderId)) return 'duplicate';
    this.orders.set(order.orderId, { ...order, attempts: 0, lastError: '', pending: true });
    return 'inserted';
  }

  async pendingOrders(nowTs: number, limit: number): Promise<FollowedOrder[]> {
    return [...this.orders.values()]
      .filter((order) => order.pending && (order.dueAt === undefined || order.dueAt <= nowTs))
      .sort((a, b) => (a.dueAt ?? -Infinity) - (b.dueAt ?? -Infinity) || (a.orderId < b.orderId ? -1 : 1))
      .slice(0, limit)
      .map(({ pending: _pending, extent: _extent, ...order }) => ({ ...order }));
  }

  private update(orderId: string, change: (order: OrderState) => Partial<OrderState>): void {
    const order = this.orders.get(orderId);
    if (order) this.orders.set(orderId, { ...order, ...change(order) });
  }

  async planOrder(orderId: string, dueAt: number): Promise<void> {
    this.update(orderId, () => ({ dueAt }));
  }

  async deferOrder(orderId: string, reason: string, retryAt: number): Promise<void> {
    this.update(orderId, (order) => ({ attempts: order.attempts + 1, lastError: reason, dueAt: Math.max(order.dueAt ?? retryAt, retryAt) }));
  }

  async orderSettled(orderId: string, extent: InputExtent): Promise<void> {
    this.update(orderId, () => ({ pending: false, attempts: 0, lastError: '', extent: { ...extent, baselineDays: [...extent.baselineDays] } }));
  }

  async waitingOrders(): Promise<number> {
    return [...this.orders.values()].filter((order) => order.pending && order.attempts > 0).length;
  }

  async followAllocationPeriod(period: { nodeId: string; month: string; dueAt: number }): Promise<SaveOutcome> {
    const key = `${period.nodeId}\u0000${period.month}`;
    if (this.periods.has(key)) return 'duplicate';
    this.periods.set(key, { ...period, attempts: 0, lastError: '', pending: true });
    return 'inserted';
  }

  async pendingAllocationPeriods(nowTs: number, limit: number): Promise<AllocationPeriod[]> {
    return [...this.periods.values()]
      .filter((period) => period.pending && period.dueAt <= nowTs)
      .sort((a, b) => a.dueAt - b.dueAt || (a.nodeId < b.nodeId ? -1 : a.nodeId > b.nodeId ? 1 : 0))
      .slice(0, limit)
      .map(({ nodeId, month, dueAt, attempts, lastError }) => ({ nodeId, month, dueAt, attempts, lastError }));
  }

  async deferAllocationPeriod(nodeId: string, month: string, reason: string, retryAt: number): Promise<void> {
    const period = this.periods.get(`${nodeId}\u0000${month}`);
    if (period) Object.assign(period, { attempts: period.attempts + 1, lastError: reason, dueAt: Math.max(period.dueAt, retryAt) });
  }

  async allocationPeriodSettled(nodeId: string, month: string, extent: { dataFromTs: number; dataToTs: number }): Promise<void> {
    const period = this.periods.get(`${nodeId}\u0000${month}`);
    if (period) Object.assign(period, { pending: false, attempts: 0, lastError: '', window: { ...extent } });
  }

  async reopenAllocationPeriods(nodeId: string, fromTs: number, toTs: number): Promise<number> {
    let count = 0;
    for (const period of this.periods.values()) {
      const { window } = period;
      if (period.nodeId !== nodeId || period.pending || !window || window.dataFromTs >= toTs || window.dataToTs <= fromTs) continue;
      period.pending = true;
      count += 1;
    }
    return count;
  }

  async allocationStatements(nodeId: string, month: string): Promise<StatementSummary[]> {
    const prefix = `allocation-${nodeId}-${month}-`;
    return [...this.versions.keys()].filter((id) => id.startsWith(prefix) && this.versions.get(id)?.[0]?.nodeId === nodeId).sort().flatMap((id) => {
      const summary = this.summary(id);
      return summary && summary.kind === 'allocation' ? [summary] : [];
    });
  }

  async resettleFor(changes: readonly { bucketStartTs: number; localDay: string }[], bucketMs: number): Promise<number> {
    let count = 0;
    for (const period of this.periods.values()) {
      const { window } = period;
      if (period.pending || !window) continue;
      if (changes.some(({ bucketStartTs }) => bucketStartTs < window.dataToTs && bucketStartTs + bucketMs > window.dataFromTs)) {
        period.pending = true;
        count += 1;
      }
    }
    for (const order of this.orders.values()) {
      const { extent } = order;
      if (order.pending || !extent) continue;
      const hit = changes.some(({ bucketStartTs, localDay }) => (bucketStartTs < extent.dataToTs && bucketStartTs + bucketMs > extent.dataFromTs) || extent.baselineDays.includes(localDay));
      if (hit) {
        order.pending = true;
        count += 1;
      }
    }
    return count;
  }

  async latestVersion(statementId: string): Promise<StatementVersionRecord | undefined> {
    const versions = this.versions.get(statementId);
    return versions?.[versions.length - 1];
  }

  async appendVersion(record: StatementVersionRecord): Promise<'inserted' | 'conflict'> {
    const versions = this.versions.get(record.statementId) ?? [];
    // Only the next version: one that exists, or skips one, was decided on a stale latest version.
    if (record.version !== versions.length + 1) return 'conflict';
    this.versions.set(record.statementId, [...versions, { ...record }]);
    return 'inserted';
  }

  async unpublishedVersions(limit: number): Promise<StatementVersionRecord[]> {
    return [...this.versions.values()]
      .flat()
      .filter((v) => v.publishedAt === undefined)
      .sort((a, b) => a.issuedAt - b.issuedAt || (a.statementId < b.statementId ? -1 : a.statementId > b.statementId ? 1 : a.version - b.version))
      .slice(0, limit);
  }

  async markPublished(statementId: string, version: number, publishedAt: number): Promise<void> {
    const versions = this.versions.get(statementId) ?? [];
    this.versions.set(statementId, versions.map((v) => (v.version === version && v.publishedAt === undefined ? { ...v, publishedAt } : v)));
  }

  private summary(statementId: string): StatementSummary | undefined {
    const versions = this.versions.get(statementId);
    if (!versions || versions.length === 0) return undefined;
    const { kind, orderId, nodeId, dsoId } = versions[0];
    return { statementId, kind, ...(orderId === undefined ? {} : { orderId }), nodeId, dsoId, versions: versions.map((v) => ({ ...v })) };
  }

  async statementsOfOrder(orderId: string): Promise<StatementSummary[]> {
    return [...this.versions.keys()].sort().flatMap((id) => {
      const summary = this.summary(id);
      return summary && summary.orderId === orderId ? [summary] : [];
    });
  }

  async statement(statementId: string): Promise<StatementSummary | undefined> {
    return this.summary(statementId);
  }

  async orderScope(orderId: string): Promise<{ nodeId: string } | undefined> {
    const order = this.orders.get(orderId);
    if (order) return { nodeId: order.nodeId };
    const statement = (await this.statementsOfOrder(orderId))[0];
    return statement ? { nodeId: statement.nodeId } : undefined;
  }

  async statementScope(statementId: string): Promise<{ nodeId: string } | undefined> {
    const summary = this.summary(statementId);
    return summary ? { nodeId: summary.nodeId } : undefined;
  }

  async cursor(name: string): Promise<number> {
    return this.cursors.get(name) ?? 0;
  }

  async moveCursor(name: string, position: number): Promise<void> {
    this.cursors.set(name, Math.max(position, this.cursors.get(name) ?? 0));
  }
}
