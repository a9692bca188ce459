/**
 * The error of settlement's `curtailed-pv` baseline against the simulator's truth. A generated city is
 * simulated over whole days; on the last days orders curtail PV on grid nodes of every size, at varied
 * times of day, under whatever sky the day brings. For each curtailed segment and event ISP the baseline
 * is computed from the simulated 15-minute series, as settlement would (neighbours = the other segments of
 * the segment's own grid node, then the rest of its parent's and grandparent's; fallback = its P50 forecast
 * issued an hour before the event), and compared
 * with what its tiles would have made. Deterministic for a seed. Not part of `npm test`.
 *
 * Run: npm run bench:curtailed-pv [-- --segments 600 --days 35 --event-days 10 --seed 1]; progress on
 * stderr, the figures on stdout, ending with one JSON line.
 */
import { parseArgs } from 'node:util';

import { baselineCalendar, curtailedPvBaseline } from '@trottoir/settlement';
import type { PvSegmentSeries } from '@trottoir/settlement';
import { DAY_MS, HOUR_MS, ISP_MS, localDateOf } from '@trottoir/kernel';

import { buildScenario, forecastsForEvents, TIME_ZONE } from './curtailed-pv.bench.helpers';
import type { Scenario } from './curtailed-pv.bench.helpers';

const USAGE = `usage: npm run bench:curtailed-pv [-- options]
  --segments N         segments in the generated city (default 600)
  --days N             days simulated, history then event days (default 35)
  --event-days N       the last N days carry curtailment orders (default 10)
  --from YYYY-MM-DD    first local day (Europe/Paris) simulated (default 2026-05-04)
  --curtailed-share X  share of the fleet curtailed on each event day (default 0.2)
  --steps-per-isp N    simulator steps per 15-minute ISP (default 3: 5-minute steps)
  --wider-tiers N      neighbour tiers up the grid tree tried before the forecast: 0 = the segment's own
                       node only, 1 = then the rest of its parent's segments, 2 = then its grandparent's (default 2)
  --seed N             city, weather and orders (default 1)
  --help               this text`;

const { values } = parseArgs({
  options: {
    segments: { type: 'string', default: '600' },
    days: { type: 'string', default: '35' },
    'event-days': { type: 'string', default: '10' },
    from: { type: 'string', default: '2026-05-04' },
    'curtailed-share': { type: 'string', default: '0.2' },
    'steps-per-isp': { type: 'string', default: '3' },
    'wider-tiers': { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const options = {
  segments: Number(values.segments),
  days: Number(values.days),
  eventDays: Number(values['event-days']),
  from: values.from,
  curtailedShare: Number(values['curtailed-share']),
  stepsPerIsp: Number(values['steps-per-isp']),
  widerTiers: Number(values['wider-tiers']),
  seed: Number(values.seed),
};
const problems = [
  Number.isInteger(options.segments) && options.segments >= 2 ? '' : '--segments must be a whole number ≥ 2',
  Number.isInteger(options.eventDays) && options.eventDays >= 1 ? '' : '--event-days must be a whole number ≥ 1',
  Number.isInteger(options.days) && options.days > options.eventDays ? '' : '--days must be a whole number above --event-days',
  /^\d{4}-\d{2}-\d{2}$/.test(options.from) ? '' : '--from must be a date YYYY-MM-DD',
  options.curtailedShare > 0 && options.curtailedShare <= 1 ? '' : '--curtailed-share must be in (0, 1]',
  Number.isInteger(options.stepsPerIsp) && options.stepsPerIsp >= 1 && 15 % options.stepsPerIsp === 0 ? '' : '--steps-per-isp must divide 15',
  Number.isInteger(options.widerTiers) && options.widerTiers >= 0 ? '' : '--wider-tiers must be a whole number ≥ 0',
  Number.isInteger(options.seed) ? '' : '--seed must be a whole number',
].filter(Boolean);
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
/** Sky of the event day, by the city's daily cloud cover. */
type Sky = 'clear' | 'mixed' | 'overcast';
const skyOf = (scenario: Scenario, ts: number): Sky => {
  const cover = scenario.fleet.weather.day(Math.floor(ts / DAY_MS)).cloudCover;
  return cover < 0.35 ? 'clear' : cover > 0.65 ? 'overcast' : 'mixed';
};

/** Sums of one slice of the segment-ISPs. */
class ErrorStats {
  isps = 0;
  truthWh = 0;
  absErrWh = 0;
  errWh = 0;
  forecastAbsErrWh = 0;
  fallbackIsps = 0;
  readonly absErrPctOfInverter: number[] = [];
  readonly absErrW: number[] = [];

  add(truthW: number, baselineW: number, forecastW: number, inverterW: number, fallback: boolean): void {
    this.isps++;
    this.truthWh += truthW / 4;
    this.absErrWh += Math.abs(baselineW - truthW) / 4;
    this.errWh += (baselineW - truthW) / 4;
    this.forecastAbsErrWh += Math.abs(forecastW - truthW) / 4;
    if (fallback) this.fallbackIsps++;
    this.absErrPctOfInverter.push((100 * Math.abs(baselineW - truthW)) / inverterW);
    this.absErrW.push(Math.abs(baselineW - truthW));
  }

  summary() {
    const round = (x: number, digits = 3) => +x.toFixed(digits);
    const p90 = (values: number[]) => {
      const sorted = Float64Array.from(values).sort();
      return sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))] ?? Number.NaN;
    };
    return {
      isps: this.isps,
      nMae: round(this.absErrWh / this.truthWh),
      bias: round(this.errWh / this.truthWh),
      p90AbsErrW: round(p90(this.absErrW), 1),
      p90AbsErrPctOfInverter: round(p90(this.absErrPctOfInverter), 2),
      fallbackShare: round(this.fallbackIsps / this.isps),
      forecastOnlyNMae: round(this.forecastAbsErrWh / this.truthWh),
    };
  }
}

const started = performance.now();
const scenario = buildScenario(options, log);
const simulatedS = (performance.now() - started) / 1000;
log(`simulated ${options.segments} segments × ${options.days} days in ${simulatedS.toFixed(1)} s; ${scenario.events.length} curtailment events`);
const forecasts = forecastsForEvents(scenario, HOUR_MS, log);

const seriesCache = new Map<number, PvSegmentSeries>();
const seriesOf = (s: number): PvSegmentSeries => {
  let series = seriesCache.get(s);
  if (!series) {
    const pvPowerW = new Map<number, number>();
    const curtailedTs = new Set<number>();
    for (let i = 0; i < scenario.ispCount; i++) {
      const ts = scenario.firstTs + i * ISP_MS;
      pvPowerW.set(ts, scenario.measuredW[s][i]);
      if (scenario.curtailed[s][i]) curtailedTs.add(ts);
    }
    series = { segmentId: scenario.segments[s].segmentId, pvPowerW, curtailedTs };
    seriesCache.set(s, series);
  }
  return series;
};
const parentOf = new Map(scenario.gridNodes.map((node) => [node.nodeId, node.parentId]));
const members = new Map<string, number[]>();
scenario.segments.forEach((segment, s) => {
  for (let nodeId: string | undefined = segment.gridNodeId; nodeId; nodeId = parentOf.get(nodeId)) members.set(nodeId, [...(members.get(nodeId) ?? []), s]);
});
/** The segment's own node's other segments, then each wider tier's segments not in a nearer one. */
function neighbourTiers(s: number): PvSegmentSeries[][] {
  const tiers: PvSegmentSeries[][] = [];
  const seen = new Set([s]);
  let nodeId: string | undefined = scenario.segments[s].gridNodeId;
  for (let tier = 0; tier <= options.widerTiers && nodeId; tier++, nodeId = parentOf.get(nodeId)) {
    const tierMembers = (members.get(nodeId) ?? []).filter((n) => !seen.has(n));
    for (const n of tierMembers) seen.add(n);
    tiers.push(tierMembers.map(seriesOf));
  }
  return tiers;
}

const all = new ErrorStats();
const bySky = new Map<Sky, ErrorStats>();
const bySource = new Map<string, ErrorStats>();
const byNodeKind = new Map<string, ErrorStats>();
const byNeighbourCount = new Map<string, ErrorStats>();
const slice = <K>(map: Map<K, ErrorStats>, key: K): ErrorStats => map.get(key) ?? (map.set(key, new ErrorStats()), map.get(key) as ErrorStats);
let neighboursUsed = 0;
let baselines = 0;
scenario.events.forEach((event, e) => {
  const calendar = baselineCalendar({ eventStartTs: event.startTs, eventEndTs: event.endTs, timeZone: TIME_ZONE });
  const sky = skyOf(scenario, event.startTs);
  event.curtailed.forEach((s, c) => {
    const forecastW = forecasts[e][c];
    const forecastPowerW = new Map(calendar.eventIsps.map((ts, i) => [ts, forecastW[i]]));
    const [neighbours, ...widerNeighbours] = neighbourTiers(s);
    const result = curtailedPvBaseline({ segment: seriesOf(s), forecastPowerW, neighbours, widerNeighbours }, calendar);
    baselines++;
    neighboursUsed += result.neighboursUsed.length;
    const inverterW = scenario.segments[s].pv?.inverterLimitW ?? 1;
    result.isps.forEach(({ ts, baselineW }, i) => {
      const truthW = scenario.truthW[s][(ts - scenario.firstTs) / ISP_MS];
      const fallback = result.source === 'forecast';
      const count = result.neighboursUsed.length;
      const countKey = count === 0 ? '0 (forecast)' : count < 5 ? String(count) : '5+';
      for (const stats of [all, slice(bySky, sky), slice(bySource, result.source === 'forecast' ? 'forecast' : `neighbours, tier ${result.neighbourTier}`), slice(byNodeKind, event.nodeKind), slice(byNeighbourCount, countKey)]) stats.add(truthW, baselineW, forecastW[i], inverterW, fallback);
    });
  });
});

const total = all.summary();
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const line = (name: string, stats: ReturnType<ErrorStats['summary']>) =>
  `${name.padEnd(26)} ${String(stats.isps).padStart(6)} ISPs  nMAE ${pct(stats.nMae).padStart(7)}  bias ${pct(stats.bias).padStart(7)}  P90 |err| ${stats.p90AbsErrW.toFixed(0).padStart(4)} W = ${stats.p90AbsErrPctOfInverter.toFixed(1).padStart(4)} % of inverter  fallback ${pct(stats.fallbackShare).padStart(7)}  (forecast alone: nMAE ${pct(stats.forecastOnlyNMae)})`;
const eventDates = [...new Set(scenario.events.map((event) => localDateOf(event.startTs, TIME_ZONE)))];
console.log(
  `${options.segments} segments, ${options.days} days from ${options.from} (events on ${eventDates[0]} … ${eventDates.at(-1)}), seed ${options.seed}: ${scenario.events.length} events, ${baselines} curtailed segment-events, ${(neighboursUsed / baselines).toFixed(2)} neighbours used on average`,
);
console.log(line('all', total));
for (const [name, map] of [['sky', bySky], ['source', bySource], ['order node', byNodeKind], ['neighbours used', byNeighbourCount]] as const) {
  for (const [key, stats] of [...map.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)))) console.log(line(`${name}: ${key}`, stats.summary()));
}
const summaries = (map: Map<string, ErrorStats>) => Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, stats]) => [key, stats.summary()]));
console.log(
  JSON.stringify({
    segments: options.segments,
    days: options.days,
    eventDays: options.eventDays,
    widerTiers: options.widerTiers,
    seed: options.seed,
    events: scenario.events.length,
    segmentEvents: baselines,
    ...total,
    bySky: summaries(bySky),
    bySource: summaries(bySource),
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  }),
);
