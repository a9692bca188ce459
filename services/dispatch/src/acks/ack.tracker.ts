/**
 * Waits for each setpoint's acknowledgement (dispatch.ack.v1). A segment whose setpoint is rejected,
 * or not acknowledged within the timeout, is lost to its order: never dispatch on a guess, so its
 * share goes to other segments (the listener re-dispatches). Setpoints that only release a segment
 * back to its own policy are not waited for.
 *
 * Every replica reads every acknowledgement (a group per instance), so each also remembers for a while
 * the ones that no setpoint of its own was waiting for: when it adopts another replica's order
 * (order-adopter.ts), the acknowledgements that arrived since the owner last saved its pending list
 * settle at once instead of reading as silence.
 */
import type { SegmentSetpoint, SetpointAck } from '@trottoir/contracts';
import { SetpointAckStatus } from '@trottoir/contracts';

import type { DispatchMetrics } from '../dispatch.metrics';
import type { PendingAck } from '../delivery/tracked-order-state';

export type LostListener = (orderId: string, segmentIds: readonly string[], reason: string) => void;

interface Pending {
  readonly orderId: string;
  readonly segmentId: string;
  readonly deadline: number;
}

const hasCommand = (setpoint: SegmentSetpoint) =>
  setpoint.pvLimitW !== undefined || setpoint.evLimitW !== undefined || setpoint.lightsDimmingPct !== undefined || setpoint.batteryPowerW !== undefined;

interface Seen {
  readonly status: SetpointAckStatus;
  readonly reason: string;
  readonly seenAt: number;
}

export class AckTracker {
  private readonly pending = new Map<string, Pending>();
  /** Acknowledgements of setpoints this instance was not waiting for, by setpoint id, for `2 × timeoutMs`. */
  private readonly seen = new Map<string, Seen>();
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
  acknowledge(ack: SetpointAck, nowTs: number): void {
    const waiting = this.pending.get(ack.setpointId);
    this.metrics.acks.inc({ status: ack.status === SetpointAckStatus.APPLIED ? 'applied' : 'rejected' });
    if (!waiting) {
      this.seen.set(ack.setpointId, { status: ack.status, reason: ack.reason, seenAt: nowTs });
      return;
    }
    this.pending.delete(ack.setpointId);
    if (ack.status !== SetpointAckStatus.APPLIED) this.lose([waiting], `setpoint rejected: ${ack.reason || 'no reason given'}`);
  }

  /** The acknowledgements the order still waits for (saved with its tracking state). */
  pendingOf(orderId: string): PendingAck[] {
    const pending: PendingAck[] = [];
    for (const [setpointId, waiting] of this.pending) if (waiting.orderId === orderId) pending.push({ setpointId, segmentId: waiting.segmentId, deadlineTs: waiting.deadline });
    return pending;
  }

  /**
   * Waits for an adopted order's acknowledgements as its former owner did: one seen meanwhile settles at
   * once (a rejection loses its segment), the others keep their deadline.
   */
  resume(orderId: string, pending: readonly PendingAck[]): void {
    const rejected: Pending[] = [];
    const reasons: string[] = [];
    for (const { setpointId, segmentId, deadlineTs } of pending) {
      const seen = this.seen.get(setpointId);
      if (!seen) this.pending.set(setpointId, { orderId, segmentId, deadline: deadlineTs });
      else if (seen.status !== SetpointAckStatus.APPLIED) {
        rejected.push({ orderId, segmentId, deadline: deadlineTs });
        reasons.push(seen.reason || 'no reason given');
      }
    }
    if (rejected.length > 0) this.lose(rejected, `setpoint rejected: ${[...new Set(reasons)].join('; ')}`);
  }

  /** Loses every segment whose acknowledgement is overdue at `nowTs`. */
  expire(nowTs: number): void {
    for (const [setpointId, seen] of this.seen) if (seen.seenAt + 2 * this.timeoutMs <= nowTs) this.seen.delete(setpointId);
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
