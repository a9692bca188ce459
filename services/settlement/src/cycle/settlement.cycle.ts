/**
 * The settlement cycle, run on a schedule by one instance of the cluster at a time (the instance holding
 * the `settlement` lease of the runtime; the others stand by and take over when it dies): it follows the late-data log (an order or month whose inputs changed is pending
 * again), then settles the pending orders that are due — a statement document per order, a new version
 * only when its content changed — and the months of energy allocation (AllocationRun), and publishes the
 * versions not published yet on settlement.statement.v1.
 *
 * Publication is at least once: a version is marked published after the bus took it, so a crash in between
 * publishes it again; consumers recognise it by (statementId, version) and its content hash.
 */
import { create } from '@bufbuild/protobuf';
import { SettlementStatementSchema, topics } from '@trottoir/contracts';
import type { Clock } from '@trottoir/kernel';
import { ISP_MS, localDateOf } from '@trottoir/kernel';
import type { MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import type { Lease } from '@trottoir/service-runtime';
import type { AllocationStatementDocument, BaselineMethod, OrderStatementDocument } from '@trottoir/settlement';
import { buildOrderStatement, canonicalJson, decideVersion, SettlementError } from '@trottoir/settlement';

import type { CurtailedPvInputs } from '../inputs/curtailed-pv-inputs.port';
import type { DispatchedOrder, SettlementInputs } from '../inputs/settlement-inputs.port';
import type { OrganiserData } from '../operations/organiser-data.port';
import type { SettlementConfig } from '../settlement.config';
import type { SettlementMetrics } from '../settlement.metrics';
import type { FollowedOrder, StatementVersionRecord } from '../store/statement-records';
import { statementIdOfOrder } from '../store/statement-records';
import type { StatementStore } from '../store/statement-store.port';
import { AllocationRun } from './allocation.run';
import { retryAt } from './retry';
import { HistoryPrefetch } from './history-prefetch';
import { baselineMethodOf, dueAtOf, StatementInputGatherer } from './statement-input.gatherer';

export const DATA_CHANGE_CURSOR = 'telemetry-data-changes';
export const SETTLEMENT_LEASE = 'settlement';
const SOURCE = 'trottoir/settlement';

/** What a cycle read of its due orders before settling them. */
interface DueReads {
  orders: Map<string, DispatchedOrder | undefined>;
  prefetch: HistoryPrefetch;
}

export type OrderOutcome = 'issued' | 'unchanged' | 'not-due' | 'waiting' | 'not-accepted';

export interface CycleReport {
  resettled: number;
  orders: Record<OrderOutcome, number>;
  /** Allocation statement versions issued (monthly, per participant). */
  allocations: number;
  published: number;
}

export interface SettlementCycleDeps {
  store: StatementStore;
  inputs: SettlementInputs;
  pvInputs: CurtailedPvInputs;
  organiserData: OrganiserData;
  bus: MessageBus;
  clock: Clock;
  config: SettlementConfig;
  metrics: SettlementMetrics;
  logger: Logger;
  /** Who runs the cycle in the cluster (the `settlement` lease). */
  lease: Lease;
}

export class SettlementCycle {
  private readonly gatherer: StatementInputGatherer;
  private readonly allocation: AllocationRun;

  constructor(private readonly deps: SettlementCycleDeps) {
    this.gatherer = new StatementInputGatherer(deps.inputs, deps.pvInputs, deps.config);
    this.allocation = new AllocationRun({ ...deps, dataChangeCursor: DATA_CHANGE_CURSOR });
  }

  /** One cycle; undefined when another instance holds the lease. */
  async run(): Promise<CycleReport | undefined> {
    // Held from cycle to cycle while this instance lives: a statement is issued by one instance at a time
    // (a version issued meanwhile elsewhere is still caught by appendVersion's conflict).
    if (!(await this.deps.lease.acquire())) return undefined;
    const stopTimer = this.deps.metrics.cycleSeconds.startTimer();
    try {
      return await this.runExclusive();
    } finally {
      stopTimer();
    }
  }

  private async runExclusive(): Promise<CycleReport> {
    const { store, config, clock, metrics, logger } = this.deps;
    const resettled = await this.followLateData();
    const nowTs = clock.now();
    const orders: Record<OrderOutcome, number> = { issued: 0, unchanged: 0, 'not-due': 0, waiting: 0, 'not-accepted': 0 };
    const due = await store.pendingOrders(nowTs, config.ordersPerCycle);
    const read = await this.readDue(due, nowTs);
    for (const order of due) orders[await this.settle(order, nowTs, read)] += 1;
    metrics.pendingOrders.set(await store.waitingOrders());
    const allocations = await this.allocation.run(nowTs);
    const published = await this.publish();
    const report = { resettled, orders, allocations, published };
    if (resettled + due.length + allocations + published > 0) logger.info(report, 'settlement cycle');
    return report;
  }

  /** Late data: every settled order or allocated month whose inputs include a re-aggregated interval becomes pending again. */
  private async followLateData(): Promise<number> {
    const { store, inputs, config, metrics } = this.deps;
    const after = await store.cursor(DATA_CHANGE_CURSOR);
    const changes = await inputs.settledDataChanges(after, 10_000);
    if (changes.length === 0) return 0;
    const resettled = await store.resettleFor(
      changes.map((change) => ({ bucketStartTs: change.bucketStartTs, localDay: localDateOf(change.bucketStartTs, config.timeZone) })),
      ISP_MS,
    );
    await store.moveCursor(DATA_CHANGE_CURSOR, changes[changes.length - 1].changeId);
    metrics.resettlements.inc(resettled);
    if (resettled > 0) this.deps.logger.info({ resettled, intervals: changes.length }, 'late data: orders and months to settle again');
    return resettled;
  }

  /**
   * Dispatch's records of the due orders, then the node history of those due now in one pass per group of
   * near windows (HistoryPrefetch). A record that cannot be read is read again, and fails, in settle().
   */
  private async readDue(due: readonly FollowedOrder[], nowTs: number): Promise<DueReads> {
    const { inputs, config, logger } = this.deps;
    const orders = new Map<string, DispatchedOrder | undefined>();
    const ready: { order: DispatchedOrder; method: BaselineMethod }[] = [];
    for (const { orderId } of due) {
      try {
        const order = await inputs.dispatchedOrder(orderId);
        orders.set(orderId, order);
        if (order?.status !== 'accepted') continue;
        const method = baselineMethodOf(order);
        if (nowTs >= dueAtOf(order, method, config.settlementDelayMs)) ready.push({ order, method });
      } catch {
        // settle() reads it again and defers it with the reason.
      }
    }
    let prefetch = HistoryPrefetch.empty;
    try {
      prefetch = await HistoryPrefetch.read(inputs, ready);
    } catch (error) {
      logger.warn({ err: error }, 'the due orders\' history could not be read at once; order by order');
    }
    return { orders, prefetch };
  }

  private async settle(followed: FollowedOrder, nowTs: number, read: DueReads): Promise<OrderOutcome> {
    const { store, inputs, config, metrics, logger } = this.deps;
    const { orderId } = followed;
    let outcome: OrderOutcome;
    try {
      const order = read.orders.has(orderId) ? read.orders.get(orderId) : await inputs.dispatchedOrder(orderId);
      if (!order) {
        await store.deferOrder(orderId, 'dispatch has no record of this order (yet)', retryAt(followed.attempts, nowTs, config.cycleIntervalMs));
        outcome = 'waiting';
      } else if (order.status !== 'accepted') {
        await store.orderSettled(orderId, { dataFromTs: 0, dataToTs: 0, baselineDays: [] });
        outcome = 'not-accepted';
      } else {
        const dueAt = dueAtOf(order, baselineMethodOf(order), config.settlementDelayMs);
        if (followed.dueAt !== dueAt) await store.planOrder(orderId, dueAt);
        if (nowTs < dueAt) outcome = 'not-due';
        else {
          const { input, extent } = await this.gatherer.gather(order, read.prefetch);
          const document = buildOrderStatement(input);
          outcome = await this.record(document, nowTs);
          await store.orderSettled(orderId, extent);
        }
      }
    } catch (error) {
      // Missing data or a bad order: the order waits with the reason (late data may complete it); no crash, no guess.
      const reason = error instanceof SettlementError ? `${error.name}: ${error.message}` : `unexpected: ${(error as Error).message}`;
      await store.deferOrder(orderId, reason, retryAt(followed.attempts, nowTs, config.cycleIntervalMs)).catch(() => undefined);
      if (error instanceof SettlementError) logger.warn({ orderId, reason }, 'order not settled yet');
      else logger.error({ err: error, orderId }, 'order settlement failed; retried next cycle');
      outcome = 'waiting';
    }
    metrics.runs.inc({ outcome });
    return outcome;
  }

  private async record(document: OrderStatementDocument, nowTs: number): Promise<OrderOutcome> {
    const { store, metrics, logger } = this.deps;
    const statementId = statementIdOfOrder(document.orderId);
    const latest = await store.latestVersion(statementId);
    const decision = decideVersion(latest, document);
    if (decision.outcome === 'unchanged') {
      metrics.versions.inc({ outcome: 'unchanged' });
      return 'unchanged';
    }
    const dataChangeId = await store.cursor(DATA_CHANGE_CURSOR);
    const appended = await store.appendVersion({
      statementId,
      kind: 'order',
      orderId: document.orderId,
      nodeId: document.nodeId,
      dsoId: document.dsoId,
      version: decision.version,
      contentSha256: decision.contentSha256,
      document: decision.document,
      ...(decision.version > 1 ? { changes: canonicalJson(decision.changes) } : {}),
      dataChangeId,
      dataAsOf: nowTs,
      issuedAt: this.deps.clock.now(),
    });
    if (appended === 'conflict') {
      logger.warn({ statementId, version: decision.version }, 'statement version issued meanwhile by another run; kept as it is');
      return 'unchanged';
    }
    metrics.versions.inc({ outcome: decision.version === 1 ? 'first' : 'revised' });
    if (decision.version === 1) metrics.statementsIssued.inc({ kind: 'order' });
    logger.info({ statementId, version: decision.version, contentSha256: decision.contentSha256, changes: decision.changes.length }, decision.version === 1 ? 'statement issued' : 'statement revised');
    return 'issued';
  }

  /** Publishes every version not yet published, oldest first. */
  private async publish(): Promise<number> {
    const { store, bus, clock, metrics } = this.deps;
    const versions = await store.unpublishedVersions(500);
    if (versions.length === 0) return 0;
    await bus.publish(topics.settlementStatement, versions.map(statementMessage), { source: SOURCE, time: clock.now() });
    const at = clock.now();
    for (const version of versions) await store.markPublished(version.statementId, version.version, at);
    metrics.published.inc(versions.length);
    return versions.length;
  }
}

export function statementMessage(version: StatementVersionRecord) {
  const header = {
    statementId: version.statementId,
    kind: version.kind,
    orderId: version.orderId ?? '',
    nodeId: version.nodeId,
    dsoId: version.dsoId,
    version: version.version,
    contentSha256: version.contentSha256,
    documentJson: version.document,
    changesJson: version.changes ?? '',
    issuedAt: version.issuedAt,
    dataAsOf: version.dataAsOf,
  };
  if (version.kind === 'allocation') {
    const document = JSON.parse(version.document) as AllocationStatementDocument;
    return create(SettlementStatementSchema, { ...header, participant: document.participant, month: document.month, consumedWh: document.consumedWh, allocatedWh: document.allocatedWh });
  }
  const document = JSON.parse(version.document) as OrderStatementDocument;
  const { totals } = document;
  return create(SettlementStatementSchema, {
    ...header,
    currency: document.currency,
    orderedWh: totals.orderedWh,
    deliveredWh: totals.deliveredWh,
    remunerationCents: totals.remunerationCents,
    penaltyCents: totals.penaltyCents,
    netCents: totals.netCents,
  });
}
