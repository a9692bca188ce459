/** What settlement keeps: the orders it follows until settled, and each statement with its versions. */

export interface FollowedOrder {
  readonly orderId: string;
  readonly nodeId: string;
  /** When dispatch accepted it, epoch ms UTC. */
  readonly acceptedAt: number;
  /** When it is due for settlement (its last ISP's end + the settlement delay); undefined until its record was read. */
  readonly dueAt?: number;
  /** Failed attempts since the last statement, and why the latest one failed (empty: none). */
  readonly attempts: number;
  readonly lastError: string;
}

/** The data whose later change re-settles an order: its metered window and the baseline days it read. */
export interface InputExtent {
  /** [dataFromTs, dataToTs), epoch ms UTC: every interval read for the order's own ISPs and baseline window. */
  readonly dataFromTs: number;
  readonly dataToTs: number;
  /** Local dates (YYYY-MM-DD) of the baseline's history days. */
  readonly baselineDays: readonly string[];
}

export type StatementKind = 'order' | 'allocation';

export interface StatementVersionRecord {
  readonly statementId: string;
  readonly kind: StatementKind;
  /** The order settled (kind 'order'); undefined for an allocation statement. */
  readonly orderId?: string;
  readonly nodeId: string;
  readonly dsoId: string;
  readonly version: number;
  readonly contentSha256: string;
  /** The document, canonical JSON. */
  readonly document: string;
  /** The difference to the previous version, canonical JSON; undefined for version 1. */
  readonly changes?: string;
  /** The late-data log position the inputs include, and the instant the data were read. */
  readonly dataChangeId: number;
  readonly dataAsOf: number;
  readonly issuedAt: number;
  readonly publishedAt?: number;
}

export interface StatementSummary {
  readonly statementId: string;
  readonly kind: StatementKind;
  readonly orderId?: string;
  readonly nodeId: string;
  readonly dsoId: string;
  /** Versions, oldest first. */
  readonly versions: readonly StatementVersionRecord[];
}

/** A late-data mark, as the change log holds it. */
export interface DataChange {
  readonly changeId: number;
  readonly bucketStartTs: number;
}

/** A month of a collective self-consumption operation (the segments below a grid node) to allocate. */
export interface AllocationPeriod {
  readonly nodeId: string;
  /** Local month, YYYY-MM. */
  readonly month: string;
  readonly dueAt: number;
  readonly attempts: number;
  readonly lastError: string;
}

export const statementIdOfOrder = (orderId: string): string => `order-${orderId}`;
export const statementIdOfAllocation = (nodeId: string, month: string, participant: string): string => `allocation-${nodeId}-${month}-${participant}`;
