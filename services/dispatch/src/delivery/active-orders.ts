/**
 * The orders this instance took and still follows: their ISPs with the order and the baseline frozen
 * with it, the setpoints sent to each segment (which are in force when), which segments are lost, and
 * the node's measured net power over each running ISP, accumulated reading by reading (a reading
 * stamped in (start, end] belongs to the ISP: a meter stamps a reading at the end of its interval).
 *
 * The baseline's PV follows the sky that comes: the frozen baseline assumed the node's PV of the
 * forecast; a passing cloud can halve it within minutes, which would read as tens of kW "delivered".
 * So the baseline's PV is replaced by the PV the segments would give without the order: what they give
 * where no limit binds, an estimate where one does (natural-reading.ts). Curtailed-PV baselines in
 * settlement rest on the same idea. A re-dispatch plans from the same natural readings.
 */
import type { SegmentSetpoint } from '@trottoir/contracts';
import { fromJsonValue, SegmentSetpointSchema, toJsonValue } from '@trottoir/contracts';
import type { LiveReading } from '@trottoir/flexibility';

import { naturalReading, setpointInForce } from './natural-reading';
import type { TrackedOrderState } from './tracked-order-state';
import { TRACKED_ORDER_STATE_VERSION } from './tracked-order-state';

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
  /** What each dispatch asked of the segments for this ISP, from when (the order's, then re-dispatches'). */
  asks: { fromTs: number; deltaW: number }[];
}

export interface Accumulator {
  sumW: number;
  naturalSumW: number;
  naturalPvSumW: number;
  count: number;
}

/** The segments' readings when the order was taken, before any of its setpoints. */
export interface ReadingsAt {
  /** Each reporting segment's reading then. */
  readonly bySegment: ReadonlyMap<string, LiveReading>;
}

/** What is measured of an ISP so far. */
export interface IspMeasurement {
  /** The node's mean net power over what was seen of the ISP (each segment's mean, summed), W. */
  readonly measuredW: number;
  /** The frozen baseline with its PV replaced by the segments' natural PV over the same readings, W. */
  readonly baselineW: number;
  /**
   * What the segments did against what they would have done without the order, over the same readings
   * (measured − natural): the fleet's response to its setpoints, free of what moved on its own.
   */
  readonly responseW: number;
  /** Segments seen. */
  readonly segments: number;
  /** The latest reading stamp seen (how far the measurement reaches). */
  readonly untilTs: number;
}

export class ActiveOrder {
  readonly isps = new Map<number, ActiveIsp>();
  /** segmentId → ISP starts it has a command in. */
  readonly commanded = new Map<string, Set<number>>();
  readonly lost = new Set<string>();
  /** segmentId → every setpoint the order sent it, in the order sent. */
  private readonly sent = new Map<string, SegmentSetpoint[]>();
  private readonly measured = new Map<number, Map<string, Accumulator>>();
  private readonly measuredUntil = new Map<number, number>();
  /** The latest sky ratio (PV of segments under no limit, now over then), kept up by skyRatioNow. */
  private skyRatio: number | undefined;

  constructor(
    readonly orderId: string,
    readonly nodeId: string,
    readonly ispMs: number,
    /** Every segment below the node: the node's measured power is summed over them. */
    readonly segmentsBelow: ReadonlySet<string>,
    ordered: readonly { ispStart: number; orderedW: number; baselineW: number; pvExpectedW: number }[],
    readonly atOrder: ReadingsAt,
  ) {
    for (const isp of ordered) this.isps.set(isp.ispStart, { ...isp, redispatches: 0, lastRedispatchAt: 0, final: false, asks: [{ fromTs: isp.ispStart, deltaW: isp.orderedW }] });
  }

  /**
   * Everything the order's tracking needs, as plain JSON-safe data, so that another replica can resume
   * it (tracked-order-state.ts). The dispatch problems are not in it: they are stored with the order and
   * its re-dispatches, and tracking never reads them back.
   */
  snapshot(): Omit<TrackedOrderState, 'pendingAcks'> {
    return {
      version: TRACKED_ORDER_STATE_VERSION,
      orderId: this.orderId,
      nodeId: this.nodeId,
      ispMs: this.ispMs,
      segmentsBelow: [...this.segmentsBelow],
      isps: [...this.isps.values()].map((isp) => ({ ...isp, asks: isp.asks.map((ask) => ({ ...ask })) })),
      commanded: [...this.commanded].map(([segmentId, starts]) => [segmentId, [...starts]]),
      lost: [...this.lost],
      sent: [...this.sent].map(([segmentId, setpoints]) => [segmentId, setpoints.map((setpoint) => toJsonValue(SegmentSetpointSchema, setpoint))]),
      atOrder: [...this.atOrder.bySegment].map(([segmentId, reading]) => [segmentId, { ...reading }]),
      ...(this.skyRatio === undefined ? {} : { skyRatio: this.skyRatio }),
      measured: [...this.measured].map(([ispStart, bySegment]) => [ispStart, [...bySegment].map(([segmentId, accumulator]) => [segmentId, { ...accumulator }])]),
      measuredUntil: [...this.measuredUntil],
    };
  }

  /** The order as it was when `state` was taken of it (see snapshot). */
  static restore(state: Omit<TrackedOrderState, 'pendingAcks'>): ActiveOrder {
    if (state.version !== TRACKED_ORDER_STATE_VERSION) throw new Error(`order ${state.orderId}: tracking state version ${String(state.version)} is not ${TRACKED_ORDER_STATE_VERSION}`);
    const order = new ActiveOrder(state.orderId, state.nodeId, state.ispMs, new Set(state.segmentsBelow), [], { bySegment: new Map(state.atOrder) });
    for (const isp of state.isps) order.isps.set(isp.ispStart, { ...isp, asks: isp.asks.map((ask) => ({ ...ask })) });
    for (const [segmentId, starts] of state.commanded) order.commanded.set(segmentId, new Set(starts));
    for (const segmentId of state.lost) order.lost.add(segmentId);
    for (const [segmentId, setpoints] of state.sent) order.sent.set(segmentId, setpoints.map((json) => fromJsonValue(SegmentSetpointSchema, json)));
    order.skyRatio = state.skyRatio;
    for (const [ispStart, bySegment] of state.measured) order.measured.set(ispStart, new Map(bySegment.map(([segmentId, accumulator]) => [segmentId, { ...accumulator }])));
    for (const [ispStart, untilTs] of state.measuredUntil) order.measuredUntil.set(ispStart, untilTs);
    return order;
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

  /** The commands of ISPs at or after `fromIspStart`, copied (what a re-dispatch replaces). */
  commandsFrom(fromIspStart: number): Map<string, Set<number>> {
    const from = new Map<string, Set<number>>();
    for (const [segmentId, set] of this.commanded) {
      const starts = [...set].filter((ts) => ts >= fromIspStart);
      if (starts.length > 0) from.set(segmentId, new Set(starts));
    }
    return from;
  }

  /** Forgets the commands of ISPs at or after `fromIspStart` (a re-dispatch has sent new ones). */
  clearCommandsFrom(fromIspStart: number): void {
    for (const [segmentId, set] of this.commanded) {
      for (const ts of set) if (ts >= fromIspStart) set.delete(ts);
      if (set.size === 0) this.commanded.delete(segmentId);
    }
  }

  /** Segments with a command in the ISP. */
  dispatchedIn(ispStart: number): number {
    let count = 0;
    for (const set of this.commanded.values()) if (set.has(ispStart)) count++;
    return count;
  }

  /** Records setpoints sent for the order (releases included: an empty setpoint ends a command). */
  sentSetpoints(setpoints: readonly SegmentSetpoint[]): void {
    for (const setpoint of setpoints) {
      let list = this.sent.get(setpoint.segmentId);
      if (!list) this.sent.set(setpoint.segmentId, (list = []));
      list.push(setpoint);
    }
  }

  /**
   * The order's setpoint that governed a reading stamped `readingTs` (in force just before the stamp:
   * a reading reports the interval that ends there); none for a lost segment (it does not obey).
   */
  commandAt(segmentId: string, readingTs: number): SegmentSetpoint | undefined {
    if (this.lost.has(segmentId)) return undefined;
    const sent = this.sent.get(segmentId);
    return sent ? setpointInForce(sent, readingTs - 1) : undefined;
  }

  /**
   * The sky now against when the order was taken: the PV of the segments under no PV limit of the
   * order, from their latest readings, over theirs then. Kept for the readings that follow.
   */
  skyRatioNow(latest: (segmentId: string) => LiveReading | undefined): number | undefined {
    let nowW = 0;
    let thenW = 0;
    for (const [segmentId, then] of this.atOrder.bySegment) {
      if (then.pvPowerW <= 0) continue;
      const reading = latest(segmentId);
      if (!reading || this.commandAt(segmentId, reading.ts)?.pvLimitW !== undefined) continue;
      nowW += reading.pvPowerW;
      thenW += then.pvPowerW;
    }
    if (thenW > 0) this.skyRatio = nowW / thenW;
    return this.skyRatio;
  }

  /** A segment's reading as it would be without the order's setpoints (see natural-reading.ts). */
  naturalReading(segmentId: string, live: LiveReading): LiveReading {
    return naturalReading(live, this.commandAt(segmentId, live.ts), this.atOrder.bySegment.get(segmentId), this.skyRatio);
  }

  /** Adds a reading of a segment below the node to the ISP it belongs to, if that ISP is ordered. */
  record(segmentId: string, reading: LiveReading): void {
    const ispStart = Math.ceil(reading.ts / this.ispMs) * this.ispMs - this.ispMs;
    const isp = this.isps.get(ispStart);
    if (!isp || isp.final) return;
    let bySegment = this.measured.get(ispStart);
    if (!bySegment) this.measured.set(ispStart, (bySegment = new Map()));
    if (reading.ts > (this.measuredUntil.get(ispStart) ?? 0)) this.measuredUntil.set(ispStart, reading.ts);
    const natural = this.naturalReading(segmentId, reading);
    const accumulator = bySegment.get(segmentId);
    if (accumulator) {
      accumulator.sumW += reading.netPowerW;
      accumulator.naturalSumW += natural.netPowerW;
      accumulator.naturalPvSumW += natural.pvPowerW;
      accumulator.count += 1;
    } else bySegment.set(segmentId, { sumW: reading.netPowerW, naturalSumW: natural.netPowerW, naturalPvSumW: natural.pvPowerW, count: 1 });
  }

  /** The ISP so far: measured net power, and the baseline under the sky that came (see the file comment). */
  measure(isp: ActiveIsp): IspMeasurement {
    let measuredW = 0;
    let naturalW = 0;
    let naturalPvW = 0;
    let segments = 0;
    for (const accumulator of this.measured.get(isp.ispStart)?.values() ?? []) {
      measuredW += accumulator.sumW / accumulator.count;
      naturalW += accumulator.naturalSumW / accumulator.count;
      naturalPvW += accumulator.naturalPvSumW / accumulator.count;
      segments++;
    }
    const baselineW = segments > 0 ? isp.baselineW + isp.pvExpectedW - naturalPvW : isp.baselineW;
    return { measuredW, baselineW, responseW: measuredW - naturalW, segments, untilTs: this.measuredUntil.get(isp.ispStart) ?? isp.ispStart };
  }

  /** Records a dispatch's ask for an ISP from `fromTs` on (one before the ISP starts replaces the earlier ones). */
  ask(isp: ActiveIsp, fromTs: number, deltaW: number): void {
    if (fromTs <= isp.ispStart) isp.asks = [{ fromTs: isp.ispStart, deltaW }];
    else isp.asks.push({ fromTs, deltaW });
  }

  /** The time-weighted mean of what was asked of the segments over [ISP start, untilTs), W. */
  askedMeanW(isp: ActiveIsp, untilTs: number): number {
    if (untilTs <= isp.ispStart) return isp.asks[0]?.deltaW ?? 0;
    let weighted = 0;
    isp.asks.forEach((ask, i) => {
      const from = Math.max(isp.ispStart, ask.fromTs);
      const to = Math.min(untilTs, isp.asks[i + 1]?.fromTs ?? untilTs);
      if (to > from) weighted += ask.deltaW * (to - from);
    });
    return weighted / (untilTs - isp.ispStart);
  }

  forgetMeasurements(ispStart: number): void {
    this.measured.delete(ispStart);
    this.measuredUntil.delete(ispStart);
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
  record(segmentId: string, reading: LiveReading): void {
    for (const order of this.bySegment.get(segmentId) ?? []) order.record(segmentId, reading);
  }
}
