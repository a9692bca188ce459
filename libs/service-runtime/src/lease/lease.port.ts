/**
 * A lease: which instance of the cluster runs a scheduled cycle (the minute node state, the quarter-hour
 * forecasts, delivery tracking, settlement), so that it runs once however many replicas there are, and
 * moves to another replica when its holder dies. Adapters: PostgreSQL (`PgLeases`: a session advisory
 * lock on a dedicated connection, released by the server the moment the holder's connection dies) and in
 * memory (`InMemoryLeases`: the embedded default, where the process is the whole cluster); one contract
 * suite for both (`lease.contract.ts`).
 *
 * Holding a lease is never certain between two questions (the connection may die right after the
 * answer), so each acquisition opens a *term* with a number that only grows (the fencing token), and a
 * cycle that publishes per interval claims the interval under its term first: a claim succeeds only
 * for the current term and for an interval no other term has claimed, so a holder that lost the lease
 * without knowing it, or a new holder after fail-over, never publishes an interval twice.
 */
export const LEASES = Symbol('LEASES');

export interface LeaseTerm {
  readonly lease: string;
  /** Grows with every acquisition of the lease, by any instance: the fencing token. */
  readonly epoch: number;
}

export interface Lease {
  readonly name: string;
  /**
   * Takes the lease when it is free, or confirms that this instance still holds it (its connection to
   * the lease store is alive); the current term when held, undefined when another instance holds it or
   * the store cannot be reached. Never waits for the holder.
   */
  acquire(): Promise<LeaseTerm | undefined>;
  /**
   * Records that `intervalStartTs` is published under `term`. True when `term` is still the lease's
   * current term and no other term claimed this interval or a later one (the same term may claim its
   * interval again); false otherwise: the caller must not publish it.
   */
  claimInterval(term: LeaseTerm, intervalStartTs: number): Promise<boolean>;
  /** Whether this instance held the lease when last asked (acquire, the heartbeat, a lost connection). */
  held(): boolean;
  /** Lets the lease go (graceful shutdown), so another instance takes it at once. */
  release(): Promise<void>;
}

export interface Leases {
  /** The lease of that name for this instance (the same object for the same name). */
  lease(name: string): Lease;
  /** Every lease of this instance currently open. */
  all(): Lease[];
  /** Releases every lease (shutdown). */
  close(): Promise<void>;
}
