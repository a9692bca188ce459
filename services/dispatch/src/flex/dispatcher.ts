/**
 * One dispatch: some ISPs' changes at a node become per-segment setpoints at least cost. The problem
 * is planned from the segments that may be dispatched (fresh telemetry, free of other orders, not
 * lost), PV at P50 (what curtailment will really remove), solved, and every setpoint is checked
 * against every limit in one place just before it leaves (checkSetpoints): a solution with a violation
 * is never published. Orders and re-dispatches both go through here.
 */
import type { GridNode, SegmentSetpoint } from '@trottoir/contracts';
import type { DispatchProblem, DispatchSolution, LiveReading, OrderedIsp, PlannedProblem, RequestedIsp, SetpointViolation } from '@trottoir/flexibility';
import { checkSetpoints, planDispatchProblem, roundW } from '@trottoir/flexibility';
import type { Clock } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';

import type { AckTracker } from '../acks/ack.tracker';
import type { ReadingsAt } from '../delivery/active-orders';
import type { DispatchConfig } from '../dispatch.config';
import type { DispatchMetrics } from '../dispatch.metrics';
import type { DispatchFleet } from '../fleet/dispatch-fleet';
import type { SetpointPublisher } from '../setpoints/setpoint.publisher';
import { setpointMessages } from '../setpoints/setpoint-messages';
import type { DispatchSolver } from '../solver/dispatch-solver.port';
import type { BusySegments } from './busy-segments';
import type { NodeView } from './node-view';
import { leverCostsOf, orderWindow } from './order-window';

export interface DispatchRun {
  readonly orderId: string;
  readonly node: GridNode;
  /** The changes to deliver, ISP by ISP, from the first ISP concerned. */
  readonly isps: readonly RequestedIsp[];
  readonly nowTs: number;
  /** When the commands of the first ISP take over, for a re-dispatch within a running ISP. */
  readonly fromTs?: number;
  /** Segments that must not be dispatched (lost). */
  readonly exclude?: ReadonlySet<string>;
  /** Commands of an earlier dispatch of the order (segmentId → ISP starts), released where not renewed. */
  readonly previouslyCommanded?: ReadonlyMap<string, ReadonlySet<number>>;
  /** Readings as they would be without the order's setpoints in force (see NodeView). */
  readonly natural?: (segmentId: string, live: LiveReading) => LiveReading;
  /**
   * For a re-dispatch: the baseline frozen with the order per ISP start (and its PV). `isps` are changes
   * against it; what the node's loads moved on their own since (an EV arriving) is taken off (or added)
   * before the problem is solved, since the problem's baseline is the node as it is now.
   */
  readonly against?: ReadonlyMap<number, { readonly orderedW: number; readonly baselineW: number; readonly pvExpectedW: number }>;
  readonly purpose: 'order' | 'redispatch';
}

export type DispatchOutcome =
  | {
      readonly ok: true;
      readonly problem: DispatchProblem;
      readonly solution: DispatchSolution;
      readonly baselineW: number[];
      readonly pvExpectedW: number[];
      readonly setpoints: readonly SegmentSetpoint[];
      /** segmentId → ISP starts it now has commands in. */
      readonly commanded: Map<string, Set<number>>;
      /** Every segment below the node with fresh telemetry and its reading now (the sky reference). */
      readonly readingsNow: ReadingsAt;
    }
  | { readonly ok: false; readonly reason: string; readonly problem?: DispatchProblem; readonly solution?: DispatchSolution };

export interface DispatcherDeps {
  readonly fleet: DispatchFleet;
  readonly view: NodeView;
  readonly solver: DispatchSolver;
  readonly publisher: SetpointPublisher;
  readonly acks: AckTracker;
  readonly busy: BusySegments;
  readonly clock: Clock;
  readonly config: DispatchConfig;
  readonly metrics: DispatchMetrics;
  readonly logger: Logger;
}

/** A change smaller than this is not worth a dispatch (and the problem refuses a change of 0). */
const MIN_DELTA_W = 1;

/**
 * The problem's order as changes against the node as it is now: each ISP's change against the frozen
 * baseline less the drift of the node's loads (everything but PV, whose drift is the sky: delivery is
 * measured under the sky that comes). An ISP the drift already serves (the change would go against the
 * order's direction, or is below a watt) asks nothing: over-delivery is not paid, and never countered by
 * moving the node the other way.
 */
function againstFrozen(planned: PlannedProblem, frozen: NonNullable<DispatchRun['against']>, startTs: number, ispMs: number): OrderedIsp[] {
  const order: OrderedIsp[] = [];
  for (const entry of planned.problem.order) {
    const then = frozen.get(startTs + entry.isp * ispMs);
    const driftW = then ? planned.baselineW[entry.isp] + planned.pvExpectedW[entry.isp] - (then.baselineW + then.pvExpectedW) : 0;
    const deltaW = entry.deltaW - driftW;
    const direction = Math.sign(then?.orderedW ?? entry.deltaW);
    if (Math.abs(deltaW) >= MIN_DELTA_W && Math.sign(deltaW) === direction) order.push({ isp: entry.isp, deltaW: roundW(deltaW) });
  }
  return order;
}

function describeViolations(violations: readonly SetpointViolation[]): string {
  const shown = violations.slice(0, 3).map((violation) => violation.message);
  return `${violations.length} setpoint(s) would break a limit: ${shown.join('; ')}${violations.length > 3 ? '; …' : ''}`;
}

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async run(run: DispatchRun): Promise<DispatchOutcome> {
    const { config, metrics } = this.deps;
    const window = orderWindow(run.isps, config.ispMs, config.reboundIsps);
    const view = await this.deps.view.of(run.node.nodeId, { nowTs: run.nowTs, staleAfterMs: config.staleAfterMs, freeFromTs: window.startTs, orderId: run.orderId, exclude: run.exclude, natural: run.natural });
    let planned = planDispatchProblem(
      {
        nodeId: run.node.nodeId,
        importLimitW: run.node.ratedLimitW,
        exportLimitW: run.node.ratedLimitW,
        ispMs: config.ispMs,
        startTs: window.startTs,
        isps: window.isps,
        order: window.order,
        shortfallPricePerKWh: config.shortfallPricePerKWh,
        pvLevel: 'p50',
        costs: leverCostsOf(config),
        nowTs: run.nowTs,
      },
      view,
    );
    if (run.against) {
      const order = againstFrozen(planned, run.against, window.startTs, config.ispMs);
      if (order.length === 0) return { ok: false, reason: 'NOTHING_TO_DISPATCH: the node already makes the order without more setpoints', problem: planned.problem };
      planned = { ...planned, problem: { ...planned.problem, order } };
    }
    const { problem, baselineW, pvExpectedW } = planned;
    const stopTimer = metrics.solveSeconds.startTimer({ purpose: run.purpose });
    const solution = await this.deps.solver.solve(problem);
    stopTimer({ method: solution.method });
    if (solution.status !== 'optimal') return { ok: false, reason: `INFEASIBLE: ${solution.reason ?? 'no dispatch keeps every limit'}`, problem, solution };
    const violations = checkSetpoints(problem, solution.setpoints);
    if (violations.length > 0) {
      // The solver's own check failed: nothing leaves, and it is loud.
      this.deps.logger.error({ orderId: run.orderId, violations: violations.slice(0, 10) }, 'safety check refused a solution: no setpoint published');
      return { ok: false, reason: `SAFETY_CHECK: ${describeViolations(violations)}`, problem, solution };
    }
    const previous = new Map<string, Set<number>>();
    for (const [segmentId, starts] of run.previouslyCommanded ?? []) {
      const indices = [...starts].map((ts) => Math.round((ts - window.startTs) / config.ispMs)).filter((isp) => isp >= 0 && isp < problem.isps);
      if (indices.length > 0) previous.set(segmentId, new Set(indices));
    }
    const plan = setpointMessages(problem, solution.setpoints, this.deps.fleet, { previouslyCommanded: previous, ...(run.fromTs === undefined ? {} : { fromTs: run.fromTs }) });
    // Expected before they leave: on a fast bus an acknowledgement can come back before publish resolves.
    this.deps.acks.expect(run.orderId, plan.messages, this.deps.clock.now());
    await this.deps.publisher.publish(plan.messages);
    metrics.setpoints.inc(plan.messages.length);
    const commanded = new Map<string, Set<number>>();
    for (const [segmentId, indices] of plan.commanded) commanded.set(segmentId, new Set([...indices].map((isp) => window.startTs + isp * config.ispMs)));
    this.deps.busy.commit(run.orderId, commanded.keys(), window.startTs + window.isps * config.ispMs);
    const readingsNow: ReadingsAt = { bySegment: new Map(view.fresh.map((fresh) => [fresh.segmentId, fresh.reading] as const)) };
    return { ok: true, problem, solution, baselineW, pvExpectedW, setpoints: plan.messages, commanded, readingsNow };
  }
}
