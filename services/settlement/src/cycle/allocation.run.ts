/**
 * The monthly energy allocation of each configured operation (TROTTOIR_SETTLEMENT_OPERATIONS: the segments
 * below a grid node): once a local month is over (+ the settlement delay), the PV the segments produced is
 * shared ISP by ISP among the street lights and the EV chargers they meter and the participants whose
 * consumption the organiser fed in (OrganiserData: nearby buildings), with the organiser's key (`custom`:
 * the shares it fed in per ISP), and each participant gets its statement for the month — versioned like an
 * order's: a changed result (late data in the month, a correction by the organiser) is a new version with
 * the difference, the same result none.
 */
import type { Clock } from '@trottoir/kernel';
import { ISP_MS, localDateOf, localDayStartTs } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';
import type { AllocationKey } from '@trottoir/settlement';
import { buildAllocationStatements, canonicalJson, decideVersion, SettlementError, SettlementInputError } from '@trottoir/settlement';

import type { NodeFlows, SettlementInputs } from '../inputs/settlement-inputs.port';
import type { OrganiserData } from '../operations/organiser-data.port';
import type { SettlementConfig } from '../settlement.config';
import type { SettlementMetrics } from '../settlement.metrics';
import type { AllocationPeriod } from '../store/statement-records';
import { statementIdOfAllocation } from '../store/statement-records';
import type { StatementStore } from '../store/statement-store.port';
import { retryAt } from './retry';

export interface AllocationRunDeps {
  store: StatementStore;
  inputs: SettlementInputs;
  organiserData: OrganiserData;
  clock: Clock;
  config: SettlementConfig;
  metrics: SettlementMetrics;
  logger: Logger;
  /** The late-data cursor's name: each version records the log position its data include. */
  dataChangeCursor: string;
}

/** `YYYY-MM` shifted by `months`. */
export function addMonths(month: string, months: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** [start, end) of a local month, epoch ms UTC. */
export function monthWindow(month: string, timeZone: string): { fromTs: number; toTs: number } {
  return { fromTs: localDayStartTs(`${month}-01`, timeZone), toTs: localDayStartTs(`${addMonths(month, 1)}-01`, timeZone) };
}

export class AllocationRun {
  constructor(private readonly deps: AllocationRunDeps) {}

  private async key(nodeId: string, fromTs: number, toTs: number): Promise<AllocationKey> {
    const { config } = this.deps;
    if (config.allocationKey === 'custom') return { kind: 'custom', sharesByTs: await this.deps.organiserData.shares(nodeId, fromTs, toTs) };
    return config.allocationKey === 'static' ? { kind: 'static', shares: new Map(Object.entries(config.allocationShares ?? {})) } : { kind: 'prorata' };
  }

  /** Follows the last complete month of every operation, then allocates the months due. Returns the versions issued. */
  async run(nowTs: number): Promise<number> {
    const { store, config } = this.deps;
    if (config.operations.length === 0) return 0;
    const lastMonth = addMonths(localDateOf(nowTs, config.timeZone).slice(0, 7), -1);
    const { toTs } = monthWindow(lastMonth, config.timeZone);
    for (const nodeId of config.operations) await store.followAllocationPeriod({ nodeId, month: lastMonth, dueAt: toTs + config.settlementDelayMs });
    let issued = 0;
    const byMonth = new Map<string, AllocationPeriod[]>();
    for (const period of await store.pendingAllocationPeriods(nowTs, config.ordersPerCycle)) byMonth.set(period.month, [...(byMonth.get(period.month) ?? []), period]);
    for (const [month, periods] of byMonth) {
      // Every operation of the month in one pass over the rollup; should that read fail, each reads on its own.
      const { fromTs, toTs } = monthWindow(month, config.timeZone);
      const segments = new Map<string, string[]>();
      let flows: Map<string, Map<number, NodeFlows>> | undefined;
      try {
        for (const period of periods) segments.set(period.nodeId, await this.deps.inputs.segmentsBelow(period.nodeId));
        flows = await this.deps.inputs.nodesFlows(segments, fromTs, toTs);
      } catch (error) {
        this.deps.logger.warn({ err: error, month }, 'the month\'s flows could not be read at once; operation by operation');
      }
      for (const period of periods) issued += await this.allocate(period, nowTs, flows && { segments: segments.get(period.nodeId) ?? [], flows: flows.get(period.nodeId) ?? new Map() });
    }
    return issued;
  }

  private async allocate(period: AllocationPeriod, nowTs: number, read?: { segments: string[]; flows: Map<number, NodeFlows> }): Promise<number> {
    const { store, inputs, config, metrics, logger } = this.deps;
    const { nodeId, month } = period;
    try {
      const dsoId = await inputs.dsoOfNode(nodeId);
      if (dsoId === undefined) throw new SettlementInputError(`operation ${nodeId}: no such grid node in the registry`);
      const segments = read?.segments ?? (await inputs.segmentsBelow(nodeId));
      if (segments.length === 0) throw new SettlementInputError(`operation ${nodeId}: no segment below the node`);
      const { fromTs, toTs } = monthWindow(month, config.timeZone);
      const flows = read?.flows ?? (await inputs.nodeFlows(segments, fromTs, toTs));
      const needed = Math.ceil(config.minCoverage * segments.length);
      const monthIsps: number[] = [];
      for (let ts = fromTs; ts < toTs; ts += ISP_MS) monthIsps.push(ts);
      const productionW = new Map<number, number>();
      const lights = new Map<number, number>();
      const ev = new Map<number, number>();
      for (const [ts, f] of flows) {
        if (f.segmentsMetered < needed) continue;
        productionW.set(ts, Math.max(0, f.pvW));
        lights.set(ts, Math.max(0, f.lightsW));
        ev.set(ts, Math.max(0, f.evW));
      }
      // The organiser's participants beside the two the segments meter (the API refuses those two names).
      const consumptionW = new Map<string, Map<number, number>>([...(await this.deps.organiserData.consumption(nodeId, fromTs, toTs))]);
      consumptionW.set('street-lighting', lights);
      consumptionW.set('ev-charging', ev);
      const key = await this.key(nodeId, fromTs, toTs);
      const documents = buildAllocationStatements({ nodeId, dsoId, month, timeZone: config.timeZone, monthIsps, key, productionW, consumptionW });
      let issued = 0;
      const dataChangeId = await store.cursor(this.deps.dataChangeCursor);
      for (const document of documents) {
        const statementId = statementIdOfAllocation(nodeId, month, document.participant);
        const decision = decideVersion(await store.latestVersion(statementId), document);
        if (decision.outcome === 'unchanged') {
          metrics.versions.inc({ outcome: 'unchanged' });
          continue;
        }
        const appended = await store.appendVersion({
          statementId, kind: 'allocation', nodeId, dsoId, version: decision.version, contentSha256: decision.contentSha256, document: decision.document,
          ...(decision.version > 1 ? { changes: canonicalJson(decision.changes) } : {}),
          dataChangeId, dataAsOf: nowTs, issuedAt: this.deps.clock.now(),
        });
        if (appended === 'conflict') continue;
        issued += 1;
        metrics.versions.inc({ outcome: decision.version === 1 ? 'first' : 'revised' });
        if (decision.version === 1) metrics.statementsIssued.inc({ kind: 'allocation' });
        logger.info({ statementId, version: decision.version, contentSha256: decision.contentSha256 }, decision.version === 1 ? 'allocation statement issued' : 'allocation statement revised');
      }
      await store.allocationPeriodSettled(nodeId, month, { dataFromTs: fromTs, dataToTs: toTs });
      return issued;
    } catch (error) {
      const reason = error instanceof SettlementError ? `${error.name}: ${error.message}` : `unexpected: ${(error as Error).message}`;
      await store.deferAllocationPeriod(nodeId, month, reason, retryAt(period.attempts, nowTs, config.cycleIntervalMs)).catch(() => undefined);
      if (error instanceof SettlementError) logger.warn({ nodeId, month, reason }, 'month not allocated yet');
      else logger.error({ err: error, nodeId, month }, 'allocation failed; retried next cycle');
      return 0;
    }
  }
}
