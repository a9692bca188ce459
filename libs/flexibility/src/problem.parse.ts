/**
 * Reads a dispatch problem (JSON text or an already parsed object) and refuses anything that is not
 * exactly version 1: unknown keys, NaN, negative ratings, arrays of the wrong length, a departure
 * outside the horizon. Every problem names its field path (`segments[12].ev.departureIsp: …`), so
 * that whoever built the file can find it. A problem that parses may still be infeasible (an EV whose
 * need cannot be met): that is the solver's answer, not a format error.
 */
import { DISPATCH_PROBLEM_VERSION } from './problem';
import type { BatteryBlock, DispatchNode, DispatchProblem, DispatchSegment, EvBlock, LightsBlock, OrderedIsp, PvBlock } from './problem';

/** The problems found, first one first; `message` lists up to the first five. */
export class DispatchProblemError extends Error {
  constructor(readonly issues: string[]) {
    super(issues.length <= 5 ? issues.join('; ') : `${issues.slice(0, 5).join('; ')} (and ${issues.length - 5} more)`);
    this.name = 'DispatchProblemError';
  }
}

/** Stop collecting after this many issues: a wholly wrong file should not print a million lines. */
const MAX_ISSUES = 50;

type Json = Record<string, unknown>;

class Reader {
  readonly issues: string[] = [];

  fail(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string, keys: { required: readonly string[]; optional?: readonly string[] }): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, 'must be an object');
      return undefined;
    }
    const record = value as Json;
    const known = new Set([...keys.required, ...(keys.optional ?? [])]);
    for (const key of Object.keys(record)) if (!known.has(key)) this.fail(join(path, key), 'unknown key');
    for (const key of keys.required) if (record[key] === undefined) this.fail(join(path, key), 'missing');
    return record;
  }

  number(value: unknown, path: string, min = -Infinity, max = Infinity): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      if (value !== undefined) this.fail(path, 'must be a finite number');
      return NaN;
    }
    if (value < min || value > max) this.fail(path, `must be in [${min}, ${max}]`);
    return value;
  }

  nonNegative(value: unknown, path: string): number {
    if (typeof value === 'number' && Number.isFinite(value) && value < 0) {
      this.fail(path, 'must not be negative');
      return value;
    }
    return this.number(value, path);
  }

  integer(value: unknown, path: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      if (value !== undefined) this.fail(path, `must be an integer in [${min}, ${max}]`);
      return NaN;
    }
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') {
      if (value !== undefined) this.fail(path, 'must be a non-empty string');
      return '';
    }
    return value;
  }

  series(value: unknown, path: string, length: number, nonNegative: boolean): number[] {
    if (!Array.isArray(value)) {
      if (value !== undefined) this.fail(path, `must be an array of ${length} numbers`);
      return [];
    }
    if (value.length !== length) this.fail(path, `must hold ${length} values (one per ISP), not ${value.length}`);
    return value.map((item, i) => (nonNegative ? this.nonNegative(item, `${path}[${i}]`) : this.number(item, `${path}[${i}]`)));
  }
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

const PV_KEYS = { required: ['availableW', 'curtailCostPerKWh'] } as const;
const LIGHTS_KEYS = { required: ['plannedW', 'minPct', 'dimCostPerKWh'] } as const;
const EV_KEYS = { required: ['plannedW', 'maxW', 'needWh', 'departureIsp', 'shiftCostPerKWh'] } as const;
const BATTERY_KEYS = {
  required: ['socWh', 'minWh', 'maxWh', 'maxChargeW', 'maxDischargeW', 'efficiency', 'cycleCostPerKWh'],
} as const;

function readPv(r: Reader, value: unknown, path: string, isps: number): PvBlock | undefined {
  const o = r.object(value, path, PV_KEYS);
  if (!o) return undefined;
  return {
    availableW: r.series(o['availableW'], `${path}.availableW`, isps, true),
    curtailCostPerKWh: r.nonNegative(o['curtailCostPerKWh'], `${path}.curtailCostPerKWh`),
  };
}

function readLights(r: Reader, value: unknown, path: string, isps: number): LightsBlock | undefined {
  const o = r.object(value, path, LIGHTS_KEYS);
  if (!o) return undefined;
  return {
    plannedW: r.series(o['plannedW'], `${path}.plannedW`, isps, true),
    minPct: r.number(o['minPct'], `${path}.minPct`, 0, 100),
    dimCostPerKWh: r.nonNegative(o['dimCostPerKWh'], `${path}.dimCostPerKWh`),
  };
}

function readEv(r: Reader, value: unknown, path: string, isps: number): EvBlock | undefined {
  const o = r.object(value, path, EV_KEYS);
  if (!o) return undefined;
  return {
    plannedW: r.series(o['plannedW'], `${path}.plannedW`, isps, true),
    maxW: r.nonNegative(o['maxW'], `${path}.maxW`),
    needWh: r.nonNegative(o['needWh'], `${path}.needWh`),
    departureIsp: r.integer(o['departureIsp'], `${path}.departureIsp`, 0, isps),
    shiftCostPerKWh: r.nonNegative(o['shiftCostPerKWh'], `${path}.shiftCostPerKWh`),
  };
}

function readBattery(r: Reader, value: unknown, path: string): BatteryBlock | undefined {
  const o = r.object(value, path, BATTERY_KEYS);
  if (!o) return undefined;
  const battery: BatteryBlock = {
    socWh: r.nonNegative(o['socWh'], `${path}.socWh`),
    minWh: r.nonNegative(o['minWh'], `${path}.minWh`),
    maxWh: r.nonNegative(o['maxWh'], `${path}.maxWh`),
    maxChargeW: r.nonNegative(o['maxChargeW'], `${path}.maxChargeW`),
    maxDischargeW: r.nonNegative(o['maxDischargeW'], `${path}.maxDischargeW`),
    efficiency: r.number(o['efficiency'], `${path}.efficiency`),
    cycleCostPerKWh: r.nonNegative(o['cycleCostPerKWh'], `${path}.cycleCostPerKWh`),
  };
  if (battery.efficiency <= 0 || battery.efficiency > 1) r.fail(`${path}.efficiency`, 'must be in (0, 1]');
  if (battery.minWh > battery.maxWh) r.fail(`${path}.minWh`, `must not exceed maxWh (${battery.maxWh})`);
  // The state of charge must start within its limits: "within [minWh, maxWh] at every step" includes step 0.
  else if (battery.socWh < battery.minWh || battery.socWh > battery.maxWh) r.fail(`${path}.socWh`, `must be in [minWh, maxWh] = [${battery.minWh}, ${battery.maxWh}]`);
  return battery;
}

function readSegment(r: Reader, value: unknown, path: string, isps: number): DispatchSegment | undefined {
  const o = r.object(value, path, { required: ['id'], optional: ['pv', 'lights', 'ev', 'battery'] });
  if (!o) return undefined;
  const segment: DispatchSegment = { id: r.string(o['id'], `${path}.id`) };
  if (o['pv'] !== undefined) segment.pv = readPv(r, o['pv'], `${path}.pv`, isps);
  if (o['lights'] !== undefined) segment.lights = readLights(r, o['lights'], `${path}.lights`, isps);
  if (o['ev'] !== undefined) segment.ev = readEv(r, o['ev'], `${path}.ev`, isps);
  if (o['battery'] !== undefined) segment.battery = readBattery(r, o['battery'], `${path}.battery`);
  return segment;
}

function readNode(r: Reader, value: unknown, isps: number): DispatchNode | undefined {
  const o = r.object(value, 'node', { required: ['id', 'baselineW', 'importLimitW', 'exportLimitW'] });
  if (!o) return undefined;
  return {
    id: r.string(o['id'], 'node.id'),
    baselineW: r.series(o['baselineW'], 'node.baselineW', isps, false),
    importLimitW: r.nonNegative(o['importLimitW'], 'node.importLimitW'),
    exportLimitW: r.nonNegative(o['exportLimitW'], 'node.exportLimitW'),
  };
}

function readOrder(r: Reader, value: unknown, isps: number): OrderedIsp[] {
  if (!Array.isArray(value)) {
    if (value !== undefined) r.fail('order', 'must be an array of { isp, deltaW }');
    return [];
  }
  if (value.length === 0) r.fail('order', 'must hold at least one ISP');
  const seen = new Set<number>();
  return value.map((item, i) => {
    const o = r.object(item, `order[${i}]`, { required: ['isp', 'deltaW'] });
    const isp = r.integer(o?.['isp'], `order[${i}].isp`, 0, isps - 1);
    const deltaW = r.number(o?.['deltaW'], `order[${i}].deltaW`);
    if (deltaW === 0) r.fail(`order[${i}].deltaW`, 'must not be 0 (leave an ISP without a change out of the order)');
    if (seen.has(isp)) r.fail(`order[${i}].isp`, `ISP ${isp} is ordered twice`);
    seen.add(isp);
    return { isp, deltaW };
  });
}

const TOP_KEYS = { required: ['version', 'ispMs', 'start', 'isps', 'node', 'order', 'shortfallPricePerKWh', 'segments'] } as const;

/** Parses and validates a version-1 dispatch problem; throws DispatchProblemError naming every bad field. */
export function parseDispatchProblem(input: string | unknown): DispatchProblem {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new DispatchProblemError([`not JSON: ${(error as Error).message}`]);
    }
  }
  const r = new Reader();
  const o = r.object(value, '', TOP_KEYS);
  if (!o) throw new DispatchProblemError(['the problem must be a JSON object']);
  if (o['version'] !== DISPATCH_PROBLEM_VERSION) {
    throw new DispatchProblemError([`version: must be ${DISPATCH_PROBLEM_VERSION}, not ${JSON.stringify(o['version'])}`]);
  }
  const ispMs = r.integer(o['ispMs'], 'ispMs', 1, Number.MAX_SAFE_INTEGER);
  const start = r.integer(o['start'], 'start', 0, Number.MAX_SAFE_INTEGER);
  if (Number.isFinite(ispMs) && Number.isFinite(start) && start % ispMs !== 0) r.fail('start', `must be an ISP boundary (a multiple of ispMs = ${ispMs})`);
  const isps = r.integer(o['isps'], 'isps', 1, 100_000);
  // Without a valid horizon every array length is unknown: stop here rather than report each array.
  if (!Number.isFinite(isps)) throw new DispatchProblemError(r.issues);
  const node = readNode(r, o['node'], isps);
  const order = readOrder(r, o['order'], isps);
  const shortfallPricePerKWh = r.nonNegative(o['shortfallPricePerKWh'], 'shortfallPricePerKWh');
  const segments: DispatchSegment[] = [];
  if (!Array.isArray(o['segments'])) {
    if (o['segments'] !== undefined) r.fail('segments', 'must be an array');
  } else {
    const ids = new Set<string>();
    o['segments'].forEach((item: unknown, i: number) => {
      const segment = readSegment(r, item, `segments[${i}]`, isps);
      if (!segment) return;
      if (ids.has(segment.id)) r.fail(`segments[${i}].id`, `duplicate id "${segment.id}"`);
      ids.add(segment.id);
      segments.push(segment);
    });
  }
  if (r.issues.length > 0 || !node) throw new DispatchProblemError(r.issues);
  return { version: DISPATCH_PROBLEM_VERSION, ispMs, start, isps, node, order, shortfallPricePerKWh, segments };
}
