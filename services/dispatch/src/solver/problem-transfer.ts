/**
 * A dispatch problem packed for the solver's worker thread: its numbers in one Float64Array (moved, not
 * copied: a transfer), its segment ids in one string, the rest as it is. Structured clone walks the
 * problem object by object; at 100,000 segments that costs about half a second on the event loop and as
 * much again in the worker, this a few tens of milliseconds on each side. Unpacking gives back an equal
 * problem, optional blocks absent where they were (the solution must not depend on the way it came).
 */
import type { DispatchProblem, DispatchSegment } from '@trottoir/flexibility';

export interface PackedProblem {
  /** Everything but the segments. */
  readonly head: Omit<DispatchProblem, 'segments'>;
  /** Segment ids, joined by '\n' (an id never holds a newline: the registry refuses it). */
  readonly ids: string;
  /** Per segment: a block mask, then each present block's numbers in a fixed order. */
  readonly numbers: Float64Array;
}

const PV = 1;
const LIGHTS = 2;
const EV = 4;
const BATTERY = 8;

function sizeOf(segment: DispatchSegment, isps: number): number {
  let size = 1;
  if (segment.pv) size += isps + 1;
  if (segment.lights) size += isps + 2;
  if (segment.ev) size += isps + 4;
  if (segment.battery) size += 7;
  return size;
}

export function packProblem(problem: DispatchProblem): PackedProblem {
  const { segments, ...head } = problem;
  const n = problem.isps;
  let total = 0;
  for (const segment of segments) total += sizeOf(segment, n);
  const numbers = new Float64Array(total);
  let at = 0;
  const series = (values: readonly number[]) => {
    if (values.length !== n) throw new RangeError(`a series of ${values.length} values in a problem of ${n} ISPs`);
    for (let t = 0; t < n; t++) numbers[at++] = values[t];
  };
  for (const segment of segments) {
    if (segment.id.includes('\n')) throw new RangeError(`segment id ${JSON.stringify(segment.id)} holds a newline`);
    numbers[at++] = (segment.pv ? PV : 0) | (segment.lights ? LIGHTS : 0) | (segment.ev ? EV : 0) | (segment.battery ? BATTERY : 0);
    if (segment.pv) {
      series(segment.pv.availableW);
      numbers[at++] = segment.pv.curtailCostPerKWh;
    }
    if (segment.lights) {
      series(segment.lights.plannedW);
      numbers[at++] = segment.lights.minPct;
      numbers[at++] = segment.lights.dimCostPerKWh;
    }
    if (segment.ev) {
      series(segment.ev.plannedW);
      numbers[at++] = segment.ev.maxW;
      numbers[at++] = segment.ev.needWh;
      numbers[at++] = segment.ev.departureIsp;
      numbers[at++] = segment.ev.shiftCostPerKWh;
    }
    const battery = segment.battery;
    if (battery) {
      numbers.set([battery.socWh, battery.minWh, battery.maxWh, battery.maxChargeW, battery.maxDischargeW, battery.efficiency, battery.cycleCostPerKWh], at);
      at += 7;
    }
  }
  return { head, ids: segments.map((segment) => segment.id).join('\n'), numbers };
}

export function unpackProblem(packed: PackedProblem): DispatchProblem {
  const { head, numbers } = packed;
  const n = head.isps;
  const ids = packed.ids === '' ? [] : packed.ids.split('\n');
  let at = 0;
  const series = (): number[] => {
    const values = new Array<number>(n);
    for (let t = 0; t < n; t++) values[t] = numbers[at++];
    return values;
  };
  const segments: DispatchSegment[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const mask = numbers[at++];
    const segment: DispatchSegment = { id: ids[i] };
    if (mask & PV) segment.pv = { availableW: series(), curtailCostPerKWh: numbers[at++] };
    if (mask & LIGHTS) segment.lights = { plannedW: series(), minPct: numbers[at++], dimCostPerKWh: numbers[at++] };
    if (mask & EV) segment.ev = { plannedW: series(), maxW: numbers[at++], needWh: numbers[at++], departureIsp: numbers[at++], shiftCostPerKWh: numbers[at++] };
    if (mask & BATTERY) {
      segment.battery = {
        socWh: numbers[at],
        minWh: numbers[at + 1],
        maxWh: numbers[at + 2],
        maxChargeW: numbers[at + 3],
        maxDischargeW: numbers[at + 4],
        efficiency: numbers[at + 5],
        cycleCostPerKWh: numbers[at + 6],
      };
      at += 7;
    }
    segments[i] = segment;
  }
  if (at !== numbers.length) throw new RangeError(`a packed problem of ${numbers.length} numbers, ${at} read`);
  return { ...head, segments };
}
