/**
 * The fleet as the forecasting models see it: one flat record per segment (ratings, location, the
 * commune's lighting policy) and, per grid node, every segment below it. Built by the service from the
 * registry whenever it changes; the models keep their learned state by segment and node id across
 * rebuilds.
 */
import type { LightingPolicy } from '@trottoir/kernel';
import type { PvNodeSpec, PvSegmentSpec } from '../pv/pv-fleet';

/** A segment: its PV array (as the PV model takes it, less the node), lights and EV chargers. */
export interface FleetSegmentSpec extends Omit<PvSegmentSpec, 'nodeId'> {
  /** The grid node the segment is connected below (its leaf). */
  readonly gridNodeId: string;
  /** `gridNodeId` again under the PV model's name, when set: the PV model then takes this record as is instead of a copy of every segment. */
  readonly nodeId?: string;
  /** Street lights: count × rated W each (0 without lights), and the minimum dimming level, %. */
  readonly lightsRatedW: number;
  readonly lightsMinDimmingPct: number;
  /** Index into FleetModelInput.policies: the segment's commune. */
  readonly policyIndex: number;
  /** EV chargers: Σ connector max power, W, and the number of connectors. */
  readonly evCapacityW: number;
  readonly evConnectors: number;
}

/** A grid node and every segment below it, directly or through child nodes. */
export type FleetNodeSpec = PvNodeSpec;

export interface FleetModelInput {
  readonly segments: readonly FleetSegmentSpec[];
  readonly nodes: readonly FleetNodeSpec[];
  /** Lighting policies of the communes (index 0 is the default). */
  readonly policies: readonly LightingPolicy[];
  /** IANA time zone of the fleet's habits (EV hour of week). */
  readonly timeZone: string;
}

/** One measured quarter-hour of the fleet: per segment (aligned with the input's segments), NaN where not measured. */
export interface FleetInterval {
  /** Start of the interval, epoch ms UTC. */
  readonly ts: number;
  readonly pvW: Float64Array;
  readonly lightsW: Float64Array;
  readonly evW: Float64Array;
}
