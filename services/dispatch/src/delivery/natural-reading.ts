/**
 * What a segment would do without the order's setpoints, from what it does with them. Delivery is
 * measured against it, and a re-dispatch plans from it: a curtailed segment reports its limit, not what
 * its tiles could give, and a limited charger reports its limit, not what the car would draw.
 *
 * A limit that does not bind (the segment gives less than it is allowed: a cloud passed, the car is
 * nearly full) tells the truth: the segment is doing what it would do anyway. A limit that binds hides
 * it; then the best estimate is what the segment did when the order was taken, its PV scaled by the sky
 * that came (the PV of segments under no limit, now against then), and never less than what it does now;
 * a limited charger with no session under way (the car left) would draw nothing anyway.
 * Lights and batteries under a command are taken as they were when the order was taken.
 */
import type { SegmentSetpoint } from '@trottoir/contracts';
import type { LiveReading } from '@trottoir/flexibility';

/** A limit binds when the segment is within this share of it (meters and inverters are not exact). */
const BINDING_SHARE = 0.02;
/** …or within this many watts of it (small limits). */
const BINDING_MARGIN_W = 5;

/**
 * The setpoint in force at `ts` among those sent to one segment, by the rule segments apply: of those
 * with ts ≤ t < validUntil, the one with the latest ts (the later sent on a tie).
 */
export function setpointInForce(sent: readonly SegmentSetpoint[], ts: number): SegmentSetpoint | undefined {
  let inForce: SegmentSetpoint | undefined;
  for (const setpoint of sent) {
    if (setpoint.ts > ts || setpoint.validUntil <= ts) continue;
    if (!inForce || setpoint.ts >= inForce.ts) inForce = setpoint;
  }
  return inForce;
}

const binds = (actualW: number, limitW: number) => actualW >= limitW - Math.max(BINDING_MARGIN_W, BINDING_SHARE * Math.abs(limitW));

/** A reading's flows other than PV, lights, EV and battery (what net power holds beyond them), W. */
const otherW = (reading: LiveReading) => reading.netPowerW - (reading.lightsPowerW + reading.evPowerW + reading.batteryPowerW - reading.pvPowerW);

/**
 * @param live the reading, under `command`
 * @param then the segment's reading when the order was taken (before any of its setpoints), if it reported
 * @param skyRatio PV of the segments under no limit, now over then (undefined: unknown)
 */
export function naturalReading(live: LiveReading, command: SegmentSetpoint | undefined, then: LiveReading | undefined, skyRatio: number | undefined): LiveReading {
  if (!command) return live;
  let { pvPowerW, evPowerW, lightsPowerW, batteryPowerW } = live;
  if (command.pvLimitW !== undefined && binds(live.pvPowerW, command.pvLimitW) && then) {
    pvPowerW = Math.max(live.pvPowerW, then.pvPowerW * (skyRatio ?? 1));
  }
  // A limit of 0 "binds" on an empty charger too: with no session under way, there is nothing to restore.
  if (command.evLimitW !== undefined && binds(live.evPowerW, command.evLimitW) && then && live.evSessionsActive !== 0) {
    evPowerW = Math.max(live.evPowerW, then.evPowerW);
  }
  if (command.lightsDimmingPct !== undefined && then) lightsPowerW = then.lightsPowerW;
  if (command.batteryPowerW !== undefined && then) batteryPowerW = then.batteryPowerW;
  if (pvPowerW === live.pvPowerW && evPowerW === live.evPowerW && lightsPowerW === live.lightsPowerW && batteryPowerW === live.batteryPowerW) return live;
  return { ...live, pvPowerW, evPowerW, lightsPowerW, batteryPowerW, netPowerW: otherW(live) + lightsPowerW + evPowerW + batteryPowerW - pvPowerW };
}
