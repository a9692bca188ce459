/**
 * The port through which settlement keeps its orders and statements. Recording an order twice (Kafka
 * delivers at least once, topics get replayed) follows it once; a version is appended, never rewritten,
 * and appending a version that exists already ('conflict': another replica issued it) changes nothing.
 */
import type { AllocationPeriod, FollowedOrder, InputExtent, StatementSummary, StatementVersionRecord } from './statement-records';

export type SaveOutcome = 'inserted' | 'duplicate';

export interface StatementStore {
  followOrder(order: { orderId: string; nodeId: string; acceptedAt: number }): Promise<SaveOutcome>;
  /** Orders to settle now: pending and due (or not yet planned), the earliest due first, at most `limit`. */
  pendingOrders(nowTs: number, limit: number): Promise<FollowedOrder[]>;
  /** How many orders wait with a reason: pending, tried at least once and not settled (missing data, a bad order). */
  waitingOrders(): Promise<number>;
  /** Records when an order is due, once its record has been read. */
  planOrder(orderId: string, dueAt: number): Promise<void>;
  /** An attempt that could not settle (missing data, bad input): the order stays pending, with the reason, until `retryAt` at the earliest. */
  deferOrder(orderId: string, reason: string, retryAt: number): Promise<void>;
  /** Settled (a new version or the same result): not pending until its data change. */
  orderSettled(orderId: string, extent: InputExtent): Promise<void>;
  /** Follows a month of an operation once (later calls for the same node and month change nothing). */
  followAllocationPeriod(period: { nodeId: string; month: string; dueAt: number }): Promise<SaveOutcome>;
  /** Months to allocate now: pending and due, the earliest due first, at most `limit`. */
  pendingAllocationPeriods(nowTs: number, limit: number): Promise<AllocationPeriod[]>;
  deferAllocationPeriod(nodeId: string, month: string, reason: string, retryAt: number): Promise<void>;
  /** Allocated: not pending until data in [dataFromTs, dataToTs) change. */
  allocationPeriodSettled(nodeId: string, month: string, extent: { dataFromTs: number; dataToTs: number }): Promise<void>;
  /**
   * The organiser's data of an operation changed in [fromTs, toTs) (a participant's consumption, custom shares):
   * its allocated months whose window overlaps are pending again. Returns how many.
   */
  reopenAllocationPeriods(nodeId: string, fromTs: number, toTs: number): Promise<number>;
  /** Every allocation statement of an operation's month, one per participant. */
  allocationStatements(nodeId: string, month: string): Promise<StatementSummary[]>;
  /**
   * Makes pending again every settled order whose inputs include one of the changed intervals: its data
   * window overlaps [bucketStartTs, bucketStartTs + bucketMs), or its baseline read that local day; and
   * every allocated month whose window overlaps one. Returns how many orders and months.
   */
  resettleFor(changes: readonly { bucketStartTs: number; localDay: string }[], bucketMs: number): Promise<number>;
  latestVersion(statementId: string): Promise<StatementVersionRecord | undefined>;
  appendVersion(record: StatementVersionRecord): Promise<'inserted' | 'conflict'>;
  unpublishedVersions(limit: number): Promise<StatementVersionRecord[]>;
  markPublished(statementId: string, version: number, publishedAt: number): Promise<void>;
  statementsOfOrder(orderId: string): Promise<StatementSummary[]>;
  statement(statementId: string): Promise<StatementSummary | undefined>;
  /** The grid node an order or a statement is about, for the access check (undefined: unknown). */
  orderScope(orderId: string): Promise<{ nodeId: string } | undefined>;
  statementScope(statementId: string): Promise<{ nodeId: string } | undefined>;
  cursor(name: string): Promise<number>;
  moveCursor(name: string, position: number): Promise<void>;
}

export const STATEMENT_STORE = Symbol('STATEMENT_STORE');
