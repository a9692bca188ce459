/**
 * The orders this instance took and still follows: their ISPs with the order and the baseline frozen
 * with it, which segments carry their setpoints in which ISP (and which are curtailed), which are lost,
 * and the node's measured net power over each running ISP, accumulated reading by reading (a reading
 * stamped in (start, end] belongs to the ISP: a meter stamps a reading at the end of its interval).
 *
 * The baseline's PV follows the sky that comes: the frozen baseline assumed the node's PV of the
 * forecast; a passing cloud can halve it within minutes, which would read as tens of kW "delivered".
 * So the baseline's PV is re-scaled by what the segments below the node that are not curtailed produce
 * against what they produced when the order was taken (the same sky: curtailed-PV baselines rest on the
 * same idea).
 */
import type { DispatchProblem } from '@trottoir/flexibility';

export interface ActiveIsp {
  readonly ispStart: number;
  readonly orderedW: number;
  /** The node's net power without dispatch, frozen with the order, W. */
  readonly baselineW: number;
  /** The node PV inside baselineW, W. */
  readonly pvExpectedW: number;
  redispatches: number;
  lastRedispatchAt: number;
  final: boolean;
}

interface Accumulator {
  sumW: number;
  pvSumW: number;
  count: number;
}

/** Segments' PV when the order was taken, the reference of the sky correction. */
export interface PvAtOrder {
  /** The node's PV then (every segment that reported), W. */
  readonly nodeW: number;
  /** Each segment's PV then. */
  readonly bySegment: ReadonlyMap<string, number>;
}

export class ActiveOrder {
  readonly isps = new Map<number, ActiveIsp>();
  /** segmentId → ISP starts it has a command in. */
  readonly commanded = new Map<string, Set<number>>();
  readonly lost = new Set<string>();
  /** ISP start → segments whose PV is limited in it. */
  readonly curtailed = new Map<number, Set<string>>();
  private readonly measured = new Map<number, Map<string, Accumulator>>();

  constructor(
    readonly orderId: string,
    readonly nodeId: string,
    readonly ispMs: number,
    /** Every segment below the node: the node's measured power is summed over them. */
    readonly segmentsBelow: ReadonlySet<string>,
    /** The latest problem solved for the order (the order's, then each re-dispatch's). */
    public problem: DispatchProblem,
    ordered: readonly { ispStart: number; orderedW: number; baselineW: number; pvExpectedW: number }[],
    readonly pvAtOrder: PvAtOrder,
  ) {
    for (const isp of ordered) this.isps.set(isp.ispStart, { ...isp, redispatches: 0, lastRedispatchAt: 0, final: false });
  }

  /** End of the last ordered ISP. */
  get endTs(): number {
    return Math.max(...this.isps.keys()) + this.ispMs;
  }

  /** Records that `segmentId` has commands in these ISPs (replacing what it had in them). */
  command(segmentId: string, ispStarts: Iterable<number>): void {
    let set = this.commanded.get(segmentId);
    if (!set) this.commanded.set(segmentId, (set = new Set()));
    for (const ts of ispStarts) set.add(ts);
  }

  /** Forgets the commands of ISPs at or after `fromIspStart` (a re-dispatch sends new ones). */
  clearCommandsFrom(fromIspStart: number): Map<string, Set<number>> {
    const cleared = new Map<string, Set<number>>();
    for (const [segmentId, set] of this.commanded) {
      const gone = [...set].filter((ts) => ts >= fromIspStart);
      if (gone.length === 0) continue;
      cleared.set(segmentId, new Set(gone));
      for (const ts of gone) set.delete(ts);
      if (set.size === 0) this.commanded.delete(segmentId);
    }
    return cleared;
  }

  /** Segments with a command in the ISP. */
  dispatchedIn(ispStart: number): number {
    let count = 0;
    for (const set of this.commanded.values()) if (set.has(ispStart)) count++;
    return count;
  }

  /** Records which segments are curtailed in which ISP (replacing what a re-dispatch takes over). */
  curtail(ispStart: number, segmentIds: Iterable<string>): void {
    this.curtailed.set(ispStart, new Set(segmentIds));
  }

  /** Adds a reading of a segment below the node to the ISP it belongs to, if that ISP is ordered. */
  record(segmentId: string, ts: number, netPowerW: number, pvPowerW: number): void {
    const ispStart = Math.ceil(ts / this.ispMs) * this.ispMs - this.ispMs;
    const isp = this.isps.get(ispStart);
    if (!isp || isp.final) return;
    let bySegment = this.measured.get(ispStart);
    if (!bySegment) this.measured.set(ispStart, (bySegment = new Map()));
    const accumulator = bySegment.get(segmentId);
    if (accumulator) {
      accumulator.sumW += netPowerW;
      accumulator.pvSumW += pvPowerW;
      accumulator.count += 1;
    } else bySegment.set(segmentId, { sumW: netPowerW, pvSumW: pvPowerW, count: 1 });
  }

  /**
   * The node's mean net power over what was seen of the ISP (each segment's mean, summed), and the sky
   * ratio: the uncurtailed segments' PV now over theirs when the order was taken (undefined when they
   * produced nothing then).
   */
  measuredW(ispStart: number): { measuredW: number; segments: number; skyRatio: number | undefined } {
    let measuredW = 0;
    let segments = 0;
    let pvNowW = 0;
    let pvThenW = 0;
    const curtailed = this.curtailed.get(ispStart);
    for (const [segmentId, accumulator] of this.measured.get(ispStart) ?? []) {
      measuredW += accumulator.sumW / accumulator.count;
      segments++;
      const then = this.pvAtOrder.bySegment.get(segmentId);
      if (then !== undefined && then > 0 && !curtailed?.has(segmentId)) {
        pvNowW += accumulator.pvSumW / accumulator.count;
        pvThenW += then;
      }
    }
    return { measuredW, segments, skyRatio: pvThenW > 0 ? pvNowW / pvThenW : undefined };
  }

  /** The ISP's baseline under the sky that came (see the file comment). */
  baselineUnderSky(isp: ActiveIsp, skyRatio: number | undefined): number {
    if (skyRatio === undefined) return isp.baselineW;
    return isp.baselineW + isp.pvExpectedW - this.pvAtOrder.nodeW * skyRatio;
  }

  forgetMeasurements(ispStart: number): void {
    this.measured.delete(ispStart);
  }
}

export class ActiveOrders {
  private readonly byId = new Map<string, ActiveOrder>();
  /** segmentId → orders whose node the segment is below (to measure them). */
  private readonly bySegment = new Map<string, Set<ActiveOrder>>();

  add(order: ActiveOrder): void {
    this.byId.set(order.orderId, order);
    for (const segmentId of order.segmentsBelow) {
      let orders = this.bySegment.get(segmentId);
      if (!orders) this.bySegment.set(segmentId, (orders = new Set()));
      orders.add(order);
    }
  }

  remove(orderId: string): void {
    const order = this.byId.get(orderId);
    if (!order) return;
    this.byId.delete(orderId);
    for (const segmentId of order.segmentsBelow) {
      const orders = this.bySegment.get(segmentId);
      orders?.delete(order);
      if (orders?.size === 0) this.bySegment.delete(segmentId);
    }
  }

  get(orderId: string): ActiveOrder | undefined {
    return this.byId.get(orderId);
  }

  all(): ActiveOrder[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** A reading reaches every order the segment is below. */
  record(segmentId: string, ts: number, netPowerW: number, pvPowerW: number): void {
    for (const order of this.bySegment.get(segmentId) ?? []) order.record(segmentId, ts, netPowerW, pvPowerW);
  }
}
