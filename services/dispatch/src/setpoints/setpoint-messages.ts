/**
 * The solution's setpoints as SegmentSetpoint messages: one per segment and run of ISPs with the same
 * command (consecutive ISPs that ask the same thing are one message, valid from the first ISP's start,
 * or `fromTs` for a re-dispatch taking over mid-ISP, to the last one's end). Light dimming is converted
 * from the solver's share of the planned power to the segment's dimming level (percent of rated power).
 * A segment that had setpoints and now has none for an ISP gets an empty one: back to its own policy.
 */
import { randomUUID } from 'node:crypto';

import { create } from '@bufbuild/protobuf';
import type { SegmentSetpoint } from '@trottoir/contracts';
import { SegmentSetpointSchema } from '@trottoir/contracts';
import type { DispatchProblem, DispatchSetpoint } from '@trottoir/flexibility';

import type { DispatchFleet } from '../fleet/dispatch-fleet';

export interface SetpointCommand {
  pvLimitW?: number;
  evLimitW?: number;
  lightsDimmingPct?: number;
  batteryPowerW?: number;
}

const sameCommand = (a: SetpointCommand, b: SetpointCommand) =>
  a.pvLimitW === b.pvLimitW && a.evLimitW === b.evLimitW && a.lightsDimmingPct === b.lightsDimmingPct && a.batteryPowerW === b.batteryPowerW;

function commandOf(setpoint: DispatchSetpoint, plannedLightsW: number | undefined, lightsRatedW: number): SetpointCommand {
  const command: SetpointCommand = {};
  if (setpoint.pvLimitW !== undefined) command.pvLimitW = setpoint.pvLimitW;
  if (setpoint.evLimitW !== undefined) command.evLimitW = setpoint.evLimitW;
  if (setpoint.batteryPowerW !== undefined) command.batteryPowerW = setpoint.batteryPowerW;
  if (setpoint.lightsPct !== undefined && plannedLightsW !== undefined && lightsRatedW > 0) {
    command.lightsDimmingPct = Math.round(((setpoint.lightsPct / 100) * plannedLightsW * 100 * 1e4) / lightsRatedW) / 1e4;
  }
  return command;
}

export interface SetpointPlan {
  readonly messages: SegmentSetpoint[];
  /** Per segment, the ISP indices it has a command in. */
  readonly commanded: Map<string, Set<number>>;
}

/**
 * @param previouslyCommanded segments and ISPs commanded by an earlier solution of the same order: those
 *   left without a command now are released with an empty setpoint
 * @param fromTs for a re-dispatch, when its commands take over within ISP 0 (default: ISP 0's start)
 */
export function setpointMessages(
  problem: DispatchProblem,
  setpoints: readonly DispatchSetpoint[],
  fleet: DispatchFleet,
  options: { previouslyCommanded?: ReadonlyMap<string, ReadonlySet<number>>; fromTs?: number } = {},
): SetpointPlan {
  const lightsOf = new Map(problem.segments.filter((segment) => segment.lights).map((segment) => [segment.id, segment.lights?.plannedW ?? []]));
  const commands = new Map<string, (SetpointCommand | undefined)[]>();
  for (const setpoint of setpoints) {
    let perIsp = commands.get(setpoint.segmentId);
    if (!perIsp) commands.set(setpoint.segmentId, (perIsp = new Array(problem.isps).fill(undefined)));
    perIsp[setpoint.isp] = commandOf(setpoint, lightsOf.get(setpoint.segmentId)?.[setpoint.isp], fleet.segment(setpoint.segmentId)?.ratings.lightsRatedW ?? 0);
  }
  for (const [segmentId, isps] of options.previouslyCommanded ?? []) {
    let perIsp = commands.get(segmentId);
    for (const isp of isps) {
      if (isp >= problem.isps || perIsp?.[isp]) continue;
      if (!perIsp) commands.set(segmentId, (perIsp = new Array(problem.isps).fill(undefined)));
      perIsp[isp] = {};
    }
  }
  const messages: SegmentSetpoint[] = [];
  const commanded = new Map<string, Set<number>>();
  const startOf = (isp: number) => (isp === 0 && options.fromTs !== undefined ? Math.max(options.fromTs, problem.start) : problem.start + isp * problem.ispMs);
  for (const [segmentId, perIsp] of [...commands].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const isps = new Set<number>();
    for (let isp = 0; isp < perIsp.length; isp++) {
      const command = perIsp[isp];
      if (!command) continue;
      let last = isp;
      while (last + 1 < perIsp.length && perIsp[last + 1] && sameCommand(command, perIsp[last + 1] as SetpointCommand)) last++;
      messages.push(create(SegmentSetpointSchema, { segmentId, ts: startOf(isp), validUntil: problem.start + (last + 1) * problem.ispMs, setpointId: randomUUID(), ...command }));
      for (let k = isp; k <= last; k++) if (Object.keys(command).length > 0) isps.add(k);
      isp = last;
    }
    if (isps.size > 0) commanded.set(segmentId, isps);
  }
  return { messages, commanded };
}
