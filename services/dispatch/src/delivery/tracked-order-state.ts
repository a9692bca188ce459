/**
 * An order's tracking state as plain JSON-safe data: what another replica needs to go on measuring and
 * re-dispatching the order where its owner stopped (ActiveOrder.snapshot / ActiveOrder.restore), plus
 * the acknowledgements still awaited. Numbers are doubles written by JSON.stringify, which round-trips
 * every finite double exactly; setpoints travel as their protobuf JSON.
 */
import type { JsonValue } from '@bufbuild/protobuf';
import type { LiveReading } from '@trottoir/flexibility';

/** Bumped when the layout changes: a replica never resumes a state it does not understand. */
export const TRACKED_ORDER_STATE_VERSION = 1;

/** A setpoint whose acknowledgement is awaited until `deadlineTs`. */
export interface PendingAck {
  readonly setpointId: string;
  readonly segmentId: string;
  readonly deadlineTs: number;
}

export interface TrackedIsp {
  readonly ispStart: number;
  readonly orderedW: number;
  readonly baselineW: number;
  readonly pvExpectedW: number;
  readonly redispatches: number;
  readonly lastRedispatchAt: number;
  readonly final: boolean;
  readonly asks: readonly { readonly fromTs: number; readonly deltaW: number }[];
}

export interface TrackedAccumulator {
  readonly sumW: number;
  readonly naturalSumW: number;
  readonly naturalPvSumW: number;
  readonly count: number;
}

export interface TrackedOrderState {
  readonly version: number;
  readonly orderId: string;
  readonly nodeId: string;
  readonly ispMs: number;
  readonly segmentsBelow: readonly string[];
  readonly isps: readonly TrackedIsp[];
  /** segmentId → ISP starts it has a command in. */
  readonly commanded: readonly (readonly [string, readonly number[]])[];
  readonly lost: readonly string[];
  /** segmentId → every setpoint sent to it, in the order sent (protobuf JSON). */
  readonly sent: readonly (readonly [string, readonly JsonValue[]])[];
  /** The segments' readings when the order was taken. */
  readonly atOrder: readonly (readonly [string, LiveReading])[];
  readonly skyRatio?: number;
  /** ISP start → segmentId → the readings accumulated so far. */
  readonly measured: readonly (readonly [number, readonly (readonly [string, TrackedAccumulator])[]])[];
  /** ISP start → the latest reading stamp accumulated. */
  readonly measuredUntil: readonly (readonly [number, number])[];
  readonly pendingAcks: readonly PendingAck[];
}
