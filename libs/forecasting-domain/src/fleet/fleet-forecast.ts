/**
 * What one forecast cycle produces for the whole fleet: per segment and per grid node, PV,
 * street-light and EV-charging power as quantile series on one grid (one issue time).
 */
import type { ForecastGrid } from '../grid/forecast-grid';
import type { QuantileSeries } from '../grid/quantile-series';

export interface FlowForecasts {
  readonly pvW: QuantileSeries;
  readonly lightsW: QuantileSeries;
  readonly evW: QuantileSeries;
}

export interface SegmentForecastResult extends FlowForecasts {
  readonly segmentId: string;
  readonly gridNodeId: string;
}

/** What the PV forecast is judged against: per interval, W (the rolling backtest's references). */
export interface PvReferenceForecasts {
  /** Persistence of the clear-sky index measured just before the issue time, × clear-sky power. */
  readonly smartPersistenceW: Float64Array;
  /** The climatological clear-sky index of the time of day, × clear-sky power. */
  readonly climatologyW: Float64Array;
}

export interface NodeForecastResult extends FlowForecasts {
  readonly nodeId: string;
  /** Segments below the node that the forecast covers. */
  readonly segments: number;
  /** Peak PV power below the node, W (normalises errors). */
  readonly peakPowerW: number;
  readonly pvReferences?: PvReferenceForecasts;
}

export interface FleetForecast {
  readonly grid: ForecastGrid;
  readonly segments: readonly SegmentForecastResult[];
  readonly nodes: readonly NodeForecastResult[];
}
