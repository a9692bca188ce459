/**
 * Leases in PostgreSQL. A lease is a session advisory lock, `pg_try_advisory_lock(LOCK_SPACE,
 * hashtext(name))`, held on a connection of its own (not the pool's: the lock lives as long as that
 * session). Why a lock rather than a row with an expiry: when the holder's process dies (SIGKILL, OOM,
 * a node lost) its socket closes and the server frees the lock at once, so fail-over takes one cycle
 * of the standby, not a time-to-live.
 *
 * Each acquisition also counts a term in `service_lease` (migration 1764500880000): the fencing token
 * that `claimInterval` checks in the same statement as it records the interval.
 *
 * A connection that dies while the process lives: the 'error' event, a failed heartbeat or the check
 * in `acquire` ends the term, and the instance stops acting as leader at its next cycle; a claim made
 * meanwhile fails (it goes over the same dead connection, or finds a newer term). A connection that
 * goes silent (a network partition, a frozen process) is ended by the server after
 * `idle_session_timeout` (set on the session: the holder's heartbeat keeps it busy well within it), so
 * the lock cannot outlive its holder by more than that.
 *
 * The connection must reach PostgreSQL directly (or through a pooler in session mode): a pooler in
 * transaction mode would hand the lock's session to someone else.
 */
import type { Logger } from '@trottoir/observability';
import type { Pool } from 'pg';
import { Client } from 'pg';

import type { Lease, Leases, LeaseTerm } from './lease.port';
import { assertLeaseName } from './lease.errors';

/** The first key of every lease's advisory lock ("TRTT"), so they never meet another component's locks. */
export const LEASE_LOCK_SPACE = 0x54525454;

export interface PgLeaseOptions {
  /** Who holds the lease, in `service_lease.holder` and the connection's application_name. */
  readonly holder: string;
  /** The server ends a lease session idle this long (its holder is gone): the longest a silent holder keeps a lease. */
  readonly sessionTimeoutMs: number;
  readonly logger?: Logger;
}

class PgLease implements Lease {
  private client?: Client;
  private term?: LeaseTerm;
  private heartbeat?: NodeJS.Timeout;
  private pid?: number;
  /** One acquisition at a time: a cycle and an operator asking at once share it. */
  private pending?: Promise<LeaseTerm | undefined>;

  constructor(
    readonly name: string,
    private readonly pool: Pool,
    private readonly options: PgLeaseOptions,
  ) {}

  /** The server process of the lease's session while held (operators: pg_stat_activity; specs: pg_terminate_backend). */
  backendPid(): number | undefined {
    return this.term ? this.pid : undefined;
  }

  acquire(): Promise<LeaseTerm | undefined> {
    this.pending ??= this.acquireOnce().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async acquireOnce(): Promise<LeaseTerm | undefined> {
    if (this.term && this.client) {
      if (await this.alive(this.client)) return this.term;
    }
    return this.take();
  }

  async claimInterval(term: LeaseTerm, intervalStartTs: number): Promise<boolean> {
    const client = this.client;
    if (!client || this.term?.epoch !== term.epoch || term.lease !== this.name) return false;
    try {
      // On the lease's own session: if it died, so does the claim.
      const result = await client.query(
        `update service_lease set last_interval_ts = $3, last_interval_epoch = $2
          where name = $1 and epoch = $2
            and (last_interval_ts is null or last_interval_ts < $3 or (last_interval_ts = $3 and last_interval_epoch = $2))`,
        [this.name, term.epoch, new Date(intervalStartTs)],
      );
      return result.rowCount === 1;
    } catch (error) {
      this.lost(client, error);
      return false;
    }
  }

  held(): boolean {
    return this.term !== undefined;
  }

  async release(): Promise<void> {
    await this.pending?.catch(() => undefined);
    const client = this.client;
    if (!client) return;
    const wasHeld = this.term !== undefined;
    this.forget();
    // Unlocked first so that a standby takes over at once; ending the session would free it too.
    if (wasHeld) await client.query('select pg_advisory_unlock($1, hashtext($2))', [LEASE_LOCK_SPACE, this.name]).catch(() => undefined);
    await client.end().catch(() => undefined);
    if (wasHeld) this.options.logger?.info({ lease: this.name }, 'lease released');
  }

  private get queryTimeoutMs(): number {
    return Math.max(1_000, Math.floor(this.options.sessionTimeoutMs / 3));
  }

  private async take(): Promise<LeaseTerm | undefined> {
    const client = new Client({
      ...this.pool.options,
      // Visible in pg_stat_activity: which instance holds which lease.
      application_name: `trottoir-lease:${this.name}:${this.options.holder}`.slice(0, 63),
      keepAlive: true,
      query_timeout: this.queryTimeoutMs,
      connectionTimeoutMillis: this.queryTimeoutMs,
    });
    // Unhandled, a dead connection's 'error' would crash the process; here it ends the term.
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean; pid: number }>('select pg_try_advisory_lock($1, hashtext($2)) as locked, pg_backend_pid() as pid', [LEASE_LOCK_SPACE, this.name]);
      if (!rows[0].locked) {
        await client.end();
        return undefined;
      }
      await client.query(`set idle_session_timeout = ${Math.floor(this.options.sessionTimeoutMs)}`);
      const term = await client.query<{ epoch: string }>(
        `insert into service_lease (name, epoch, holder, acquired_at) values ($1, 1, $2, now())
         on conflict (name) do update set epoch = service_lease.epoch + 1, holder = excluded.holder, acquired_at = excluded.acquired_at
         returning epoch::text`,
        [this.name, this.options.holder],
      );
      this.client = client;
      this.pid = rows[0].pid;
      this.term = { lease: this.name, epoch: Number(term.rows[0].epoch) };
      this.heartbeat = setInterval(() => void this.alive(client), this.queryTimeoutMs);
      this.heartbeat.unref();
      this.options.logger?.info({ lease: this.name, epoch: this.term.epoch, holder: this.options.holder }, 'lease acquired: this instance runs the cycle');
      return this.term;
    } catch (error) {
      this.options.logger?.warn({ lease: this.name, err: error }, 'lease not acquired: PostgreSQL did not answer');
      await client.end().catch(() => undefined);
      return undefined;
    }
  }

  private async alive(client: Client): Promise<boolean> {
    try {
      await client.query('select 1');
      return true;
    } catch (error) {
      this.lost(client, error);
      return false;
    }
  }

  /** The lease's session is gone or unusable: the term ends here, whatever the server still thinks. */
  private lost(client: Client, error: unknown): void {
    if (this.client !== client) return;
    const wasHeld = this.term !== undefined;
    this.forget();
    client.end().catch(() => undefined);
    if (wasHeld) this.options.logger?.warn({ lease: this.name, err: error }, 'lease lost: its connection to PostgreSQL failed; this instance stops running the cycle');
  }

  private forget(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.client = undefined;
    this.term = undefined;
    this.pid = undefined;
  }
}

export class PgLeases implements Leases {
  private readonly leases = new Map<string, PgLease>();

  constructor(
    private readonly pool: Pool,
    private readonly options: PgLeaseOptions,
  ) {}

  lease(name: string): PgLease {
    assertLeaseName(name);
    let lease = this.leases.get(name);
    if (!lease) {
      lease = new PgLease(name, this.pool, this.options);
      this.leases.set(name, lease);
    }
    return lease;
  }

  all(): Lease[] {
    return [...this.leases.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.leases.values()].map((lease) => lease.release()));
  }
}
