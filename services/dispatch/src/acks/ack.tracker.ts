/**
 * Waits for each setpoint's acknowledgement (dispatch.ack.v1). A segment whose setpoint is rejected,
 * or not acknowledged within the timeout, is lost to its order: never dispatch on a guess, so its
 * share goes to other segments (the listener re-dispatches). Setpoints that only release a segment
 * back to its own policy are not waited for.
 */
import type { SegmentSetpoint, SetpointAck } from '@trottoir/contracts';
import { SetpointAckStatus } from '@trottoir/contracts';

import type { DispatchMetrics } from '../dispatch.metrics';

export type LostListener = (orderId: string, segmentIds: readonly string[], reason: string) => void;

interface Pending {
  readonly orderId: string;
  readonly segmentId: string;
  readonly deadline: number;
}

const hasCommand = (setpoint: SegmentSetpoint) =>
  setpoint.pvLimitW !== undefined || setpoint.evLimitW !== undefined || setpoint.lightsDimmingPct !== undefined || setpoint.batteryPowerW !== undefined;

export class AckTracker {
  private readonly pending = new Map<string, Pending>();
  private readonly listeners: LostListener[] = [];

  constructor(
    private readonly timeoutMs: number,
    private readonly metrics: DispatchMetrics,
  ) {}

  onLost(listener: LostListener): void {
    this.listeners.push(listener);
  }

  expect(orderId: string, setpoints: readonly SegmentSetpoint[], sentAt: number): void {
    for (const setpoint of setpoints) {
      if (hasCommand(setpoint)) this.pending.set(setpoint.setpointId, { orderId, segmentId: setpoint.segmentId, deadline: sentAt + this.timeoutMs });
    }
  }

  /** An acknowledgement came: applied settles it, rejected loses the segment at once. */
  acknowledge(ack: SetpointAck): void {
    const waiting = this.pending.get(ack.setpointId);
    this.metrics.acks.inc({ status: ack.status === SetpointAckStatus.APPLIED ? 'applied' : 'rejected' });
    if (!waiting) return;
    this.pending.delete(ack.setpointId);
    if (ack.status !== SetpointAckStatus.APPLIED) this.lose([waiting], `setpoint rejected: ${ack.reason || 'no reason given'}`);
  }

  /** Loses every segment whose acknowledgement is overdue at `nowTs`. */
  expire(nowTs: number): void {
    const overdue: Pending[] = [];
    for (const [setpointId, waiting] of this.pending) {
      if (waiting.deadline <= nowTs) {
        overdue.push(waiting);
        this.pending.delete(setpointId);
      }
    }
    if (overdue.length > 0) {
      this.metrics.unacknowledged.inc(overdue.length);
      this.lose(overdue, 'no acknowledgement in time');
    }
  }

  /** Stops waiting for an order's setpoints (it is over, or its segments were re-dispatched). */
  forget(orderId: string): void {
    for (const [setpointId, waiting] of this.pending) if (waiting.orderId === orderId) this.pending.delete(setpointId);
  }

  get waiting(): number {
    return this.pending.size;
  }

  private lose(lost: readonly Pending[], reason: string): void {
    const byOrder = new Map<string, Set<string>>();
    for (const { orderId, segmentId } of lost) {
      let segments = byOrder.get(orderId);
      if (!segments) byOrder.set(orderId, (segments = new Set()));
      segments.add(segmentId);
    }
    for (const [orderId, segments] of byOrder) for (const listener of this.listeners) listener(orderId, [...segments].sort(), reason);
  }
}
