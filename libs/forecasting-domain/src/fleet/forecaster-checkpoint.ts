/**
 * What a FleetForecaster has learned, as binary parts a service keeps in its database so a restart
 * forecasts at once instead of re-learning weeks of rollups. Parts are small (a few MB each) so neither
 * side ever holds the whole checkpoint as one buffer: a header, then the segments and the nodes in slices.
 *
 * Every number keeps its exact bits, the learning forecaster of each node's csi model included (it is
 * re-fitted once an hour of intervals, so a restart without it would learn differently): a restarted
 * process forecasts exactly what the uninterrupted one would have. `FORECASTER_STATE_VERSION` names the
 * layout and the models' meaning: a checkpoint of another version is not read (the models re-learn).
 */
import { createEvHabits } from '../ev/ev-habits';
import type { EvHabits } from '../ev/ev-habits';
import { NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from '../ev/ev-histogram';
import type { LightsScaleState } from '../lights/lights-scale';
import { createCsiModelState, CSI_LEARNING_LEVELS, csiLearningCacheOf, restoreCsiLearningCache } from '../pv/csi-model';
import type { CsiModelState } from '../pv/csi-model';
import { FEATURES, FEATURES_WITH_WEATHER } from '../pv/csi-regression';
import type { PerformanceRatioState } from '../pv/performance-ratio';
import type { PvFleetState } from '../pv/pv-fleet';
import { BinaryRecordReader, BinaryRecordWriter } from './binary-record';
import type { LearnedFleetState } from './fleet-forecaster';

/** Change it whenever what the models learn, or how it is laid out here, changes. */
export const FORECASTER_STATE_VERSION = 'trottoir-forecaster-state/1';

const SEGMENTS_PER_PART = 10_000;
const NODES_PER_PART = 200;

interface HeaderPart {
  readonly kind: 'header';
  readonly version: string;
  readonly segmentIds: readonly string[];
  readonly nodeIds: readonly string[];
  readonly evSegments: number;
}
interface SegmentsPart {
  readonly kind: 'segments';
  readonly from: number;
  readonly to: number;
}
interface NodesPart {
  readonly kind: 'nodes';
  readonly ids: readonly string[];
  /** Per node: [has the weather ring, has the weather histograms, has a learning forecaster, EV node index or −1]. */
  readonly flags: ReadonlyArray<readonly [0 | 1, 0 | 1, 0 | 1, number]>;
}
type Part = HeaderPart | SegmentsPart | NodesPart;

/** The parts of `learned`, header first, made one at a time as they are asked for. */
export function* forecasterCheckpointParts(learned: LearnedFleetState): Generator<Uint8Array> {
  const { segmentIds, nodeIds, pv, evSegments, evNodes } = learned;
  yield new BinaryRecordWriter().finish({ kind: 'header', version: FORECASTER_STATE_VERSION, segmentIds, nodeIds, evSegments: evSegments.capacityW.length } satisfies HeaderPart);
  for (let from = 0; from < segmentIds.length; from += SEGMENTS_PER_PART) {
    const to = Math.min(from + SEGMENTS_PER_PART, segmentIds.length);
    yield segmentsPart(learned, from, to);
  }
  const evNodeOf = new Map(nodeIds.map((id, n) => [id, n]));
  const csiIds = Object.keys(pv.nodes);
  for (let from = 0; from < csiIds.length; from += NODES_PER_PART) {
    yield nodesPart(csiIds.slice(from, from + NODES_PER_PART), pv.nodes, evNodeOf, evNodes);
  }
}

function segmentsPart(learned: LearnedFleetState, from: number, to: number): Uint8Array {
  const { segmentIds, pv, lightsScale, evEntryOf, evSegments } = learned;
  // Ratio states: [day, today count, …today, past count, …past days, …past values] per segment.
  const ratios: number[] = [];
  const entries: number[] = [];
  for (let i = from; i < to; i++) {
    const state = pv.segments[segmentIds[i]];
    if (!state) {
      ratios.push(Number.NaN, -1);
    } else {
      ratios.push(state.day, state.todayRatios.length, ...state.todayRatios, state.pastDays.length, ...state.pastDays, ...state.pastValues);
    }
    entries.push(evEntryOf[i]);
  }
  const size = 168 * evSegments.bins;
  const evCounts = new Uint8Array(entries.filter((e) => e >= 0).length * size);
  let k = 0;
  for (const entry of entries) {
    if (entry < 0) continue;
    evCounts.set(evSegments.counts.subarray(entry * size, (entry + 1) * size), k++ * size);
  }
  return new BinaryRecordWriter()
    .add(Float64Array.from(ratios))
    .add(lightsScale.scale.slice(from, to))
    .add(lightsScale.seen.slice(from, to))
    .add(Int32Array.from(entries))
    .add(evCounts)
    .finish({ kind: 'segments', from, to } satisfies SegmentsPart);
}

/** The csi model's fixed-size numbers, in one order shared by both directions. */
const SCALARS = ['longitudeDeg', 'lastIndex', 'firstIndex', 'lastValid', 'decayed'] as const;
const NUMBER_ARRAYS = ['climatology', 'climatologyCount', 'xtx', 'xty', 'xtxWeather', 'xtyWeather', 'spread'] as const;
const RINGS = ['csi', 'featLast', 'featMean'] as const;

function nodesPart(ids: readonly string[], models: PvFleetState['nodes'], evNodeOf: ReadonlyMap<string, number>, evNodes: EvHabits): Uint8Array {
  const writer = new BinaryRecordWriter();
  const flags: Array<[0 | 1, 0 | 1, 0 | 1, number]> = [];
  const evSize = 168 * evNodes.bins;
  for (const id of ids) {
    const model = models[id] as CsiModelState;
    const cache = csiLearningCacheOf(model);
    const evNode = evNodeOf.get(id) ?? -1;
    flags.push([model.weatherCsi ? 1 : 0, model.weatherErrors ? 1 : 0, cache ? 1 : 0, evNode]);
    const numbers: number[] = SCALARS.map((key) => model[key]);
    for (const key of NUMBER_ARRAYS) numbers.push(...model[key]);
    writer.add(Float64Array.from(numbers));
    for (const key of RINGS) writer.add(model[key]);
    writer.add(model.errors);
    if (model.weatherCsi && model.weatherTarget) writer.add(model.weatherCsi).add(model.weatherTarget);
    if (model.weatherErrors) writer.add(model.weatherErrors);
    if (cache) {
      const { beta, betaWeather, offsets } = cache.forecaster;
      writer.add(Float64Array.from([cache.index, ...beta.flat(), ...betaWeather.flat()])).add(offsets);
    }
    if (evNode >= 0) writer.add(evNodes.counts.slice(evNode * evSize, (evNode + 1) * evSize));
  }
  return writer.finish({ kind: 'nodes', ids, flags } satisfies NodesPart);
}

/**
 * Reads checkpoint parts, in the order they were made, back into a LearnedFleetState for
 * `new FleetForecaster(input, learned)`. `accept` returns false for a part of another version (stop:
 * the models re-learn); `finish` throws when parts are missing.
 */
export class ForecasterCheckpointReader {
  private header?: HeaderPart;
  private pv: PvFleetState = { segments: {}, nodes: {} };
  private lightsScale?: LightsScaleState;
  private evEntryOf?: Int32Array;
  private evSegments?: EvHabits;
  private evNodes?: EvHabits;
  private segmentsRead = 0;
  private nextEvEntry = 0;

  accept(bytes: Uint8Array): boolean {
    const reader = new BinaryRecordReader<Part>(bytes);
    const part = reader.header;
    if (part.kind === 'header') return this.acceptHeader(part);
    if (!this.header) throw new Error('checkpoint: a part before the header');
    if (part.kind === 'segments') this.acceptSegments(part, reader);
    else this.acceptNodes(part, reader);
    return true;
  }

  finish(): LearnedFleetState {
    const { header, lightsScale, evEntryOf, evSegments, evNodes } = this;
    if (!header || !lightsScale || !evEntryOf || !evSegments || !evNodes || this.segmentsRead !== header.segmentIds.length) {
      throw new Error('checkpoint: incomplete (missing header or segment parts)');
    }
    return { segmentIds: header.segmentIds, nodeIds: header.nodeIds, pv: this.pv, lightsScale, evEntryOf, evSegments, evNodes };
  }

  private acceptHeader(part: HeaderPart): boolean {
    if (part.version !== FORECASTER_STATE_VERSION) return false;
    this.header = part;
    const segments = part.segmentIds.length;
    this.lightsScale = { scale: new Float32Array(segments), seen: new Uint16Array(segments) };
    this.evEntryOf = new Int32Array(segments).fill(-1);
    // Capacities are not kept: the new forecaster takes its own from the registry and copies counts by id.
    this.evSegments = createEvHabits(new Float64Array(part.evSegments), SEGMENT_EV_LAYOUT);
    this.evNodes = createEvHabits(new Float64Array(part.nodeIds.length), NODE_EV_LAYOUT);
    return true;
  }

  private acceptSegments(part: SegmentsPart, reader: BinaryRecordReader<Part>): void {
    const { segmentIds } = this.header as HeaderPart;
    const ratios = reader.f64();
    const scale = reader.f32();
    const seen = reader.u16();
    const entries = reader.i32();
    const evCounts = reader.u8();
    (this.lightsScale as LightsScaleState).scale.set(scale, part.from);
    (this.lightsScale as LightsScaleState).seen.set(seen, part.from);
    const size = 168 * (this.evSegments as EvHabits).bins;
    let at = 0;
    let k = 0;
    for (let i = part.from; i < part.to; i++) {
      const day = ratios[at++];
      const todayCount = ratios[at++];
      if (todayCount >= 0) {
        const todayRatios = Array.from(ratios.subarray(at, at + todayCount));
        at += todayCount;
        const pastCount = ratios[at++];
        const pastDays = Array.from(ratios.subarray(at, at + pastCount));
        const pastValues = Array.from(ratios.subarray(at + pastCount, at + 2 * pastCount));
        at += 2 * pastCount;
        const state: PerformanceRatioState = { day, todayRatios, pastDays, pastValues };
        this.pv.segments[segmentIds[i]] = state;
      }
      if (entries[i - part.from] >= 0) {
        const entry = this.nextEvEntry++;
        (this.evEntryOf as Int32Array)[i] = entry;
        (this.evSegments as EvHabits).counts.set(evCounts.subarray(k * size, (k + 1) * size), entry * size);
        k++;
      }
    }
    this.segmentsRead += part.to - part.from;
  }

  private acceptNodes(part: NodesPart, reader: BinaryRecordReader<Part>): void {
    const evNodes = this.evNodes as EvHabits;
    const evSize = 168 * evNodes.bins;
    part.ids.forEach((id, k) => {
      const [ring, weatherErrors, cached, evNode] = part.flags[k] as NodesPart['flags'][number];
      const numbers = reader.f64();
      const model = createCsiModelState(0);
      let at = 0;
      for (const key of SCALARS) model[key] = numbers[at++];
      for (const key of NUMBER_ARRAYS) {
        const length = model[key].length;
        model[key] = Array.from(numbers.subarray(at, at + length));
        at += length;
      }
      for (const key of RINGS) model[key] = reader.f64();
      model.errors = reader.f32();
      if (ring) {
        model.weatherCsi = reader.f64();
        model.weatherTarget = reader.i32();
      }
      if (weatherErrors) model.weatherErrors = reader.f32();
      if (cached) {
        const values = reader.f64();
        const offsets = reader.f64();
        const bins = model.xty.length / FEATURES;
        const beta = Array.from({ length: bins }, (_, b) => Array.from(values.subarray(1 + b * FEATURES, 1 + (b + 1) * FEATURES)));
        const weatherStart = 1 + bins * FEATURES;
        const w = FEATURES_WITH_WEATHER;
        const betaWeather = Array.from({ length: bins }, (_, b) => Array.from(values.subarray(weatherStart + b * w, weatherStart + (b + 1) * w)));
        restoreCsiLearningCache(model, { index: values[0] as number, forecaster: { beta, betaWeather, offsets, levels: CSI_LEARNING_LEVELS } });
      }
      if (evNode >= 0) evNodes.counts.set(reader.u8(), evNode * evSize);
      this.pv.nodes[id] = model;
    });
  }
}
