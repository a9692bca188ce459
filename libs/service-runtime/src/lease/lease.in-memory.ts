/**
 * Leases in memory: the embedded default (`npm start`, the in-process bus), where one process is the
 * whole cluster, and unit specs. Instances that share one `InMemoryLeaseTable` contend as replicas sharing
 * a database would; `sever` plays the loss of an instance's connection to that database.
 */
import type { Lease, Leases, LeaseTerm } from './lease.port';
import { assertLeaseName } from './lease.errors';

interface Row {
  holder?: InMemoryLease;
  epoch: number;
  lastIntervalTs?: number;
  lastIntervalEpoch?: number;
}

export class InMemoryLeaseTable {
  private readonly rows = new Map<string, Row>();

  row(name: string): Row {
    let row = this.rows.get(name);
    if (!row) {
      row = { epoch: 0 };
      this.rows.set(name, row);
    }
    return row;
  }

  /** The instance's connection to the table dies: every lease it held is free (as PostgreSQL frees a dead session's locks). */
  sever(leases: InMemoryLeases): void {
    for (const row of this.rows.values()) if (row.holder && leases.owns(row.holder)) row.holder = undefined;
  }
}

class InMemoryLease implements Lease {
  private term?: LeaseTerm;

  constructor(
    readonly name: string,
    private readonly table: InMemoryLeaseTable,
  ) {}

  async acquire(): Promise<LeaseTerm | undefined> {
    const row = this.table.row(this.name);
    if (row.holder === this && this.term?.epoch === row.epoch) return this.term;
    this.term = undefined;
    if (row.holder !== undefined) return undefined;
    row.holder = this;
    row.epoch += 1;
    this.term = { lease: this.name, epoch: row.epoch };
    return this.term;
  }

  async claimInterval(term: LeaseTerm, intervalStartTs: number): Promise<boolean> {
    const row = this.table.row(this.name);
    if (row.holder !== this || row.epoch !== term.epoch || term.lease !== this.name) return false;
    const last = row.lastIntervalTs;
    if (last !== undefined && (last > intervalStartTs || (last === intervalStartTs && row.lastIntervalEpoch !== term.epoch))) return false;
    row.lastIntervalTs = intervalStartTs;
    row.lastIntervalEpoch = term.epoch;
    return true;
  }

  held(): boolean {
    const row = this.table.row(this.name);
    if (row.holder !== this) this.term = undefined;
    return this.term !== undefined;
  }

  async release(): Promise<void> {
    const row = this.table.row(this.name);
    if (row.holder === this) row.holder = undefined;
    this.term = undefined;
  }
}

export class InMemoryLeases implements Leases {
  private readonly leases = new Map<string, InMemoryLease>();

  /** @param table shared by the instances that contend (one per process by default: the process is the cluster). */
  constructor(private readonly table: InMemoryLeaseTable = new InMemoryLeaseTable()) {}

  lease(name: string): Lease {
    assertLeaseName(name);
    let lease = this.leases.get(name);
    if (!lease) {
      lease = new InMemoryLease(name, this.table);
      this.leases.set(name, lease);
    }
    return lease;
  }

  all(): Lease[] {
    return [...this.leases.values()];
  }

  owns(lease: Lease): boolean {
    return this.leases.get(lease.name) === lease;
  }

  async close(): Promise<void> {
    for (const lease of this.leases.values()) await lease.release();
  }
}
