/** What the forecasting benchmarks share: the synthetic quarter-hours their models learn from. */
import type { FleetInterval, FleetModelInput } from '@trottoir/forecasting-domain';
import type { Prng } from '@trottoir/kernel';

/** Plausible quarter-hours: PV as a share of peak following the sun's day, lights at night, some EV charging. */
export function syntheticInterval(input: FleetModelInput, ts: number, random: Prng): FleetInterval {
  const n = input.segments.length;
  const hour = new Date(ts).getUTCHours() + new Date(ts).getUTCMinutes() / 60;
  const daylight = Math.max(0, Math.sin(((hour - 4) / 16) * Math.PI));
  const clouds = 0.4 + 0.6 * random.next();
  const interval: FleetInterval = { ts, pvW: new Float64Array(n), lightsW: new Float64Array(n), evW: new Float64Array(n) };
  input.segments.forEach((segment, i) => {
    interval.pvW[i] = segment.peakPowerW * 0.55 * daylight * clouds;
    interval.lightsW[i] = daylight > 0 ? 0 : segment.lightsRatedW * (hour >= 21 || hour < 3 ? 0.5 : 1);
    interval.evW[i] = segment.evCapacityW > 0 && random.next() < 0.2 ? random.next() * segment.evCapacityW : 0;
  });
  return interval;
}
