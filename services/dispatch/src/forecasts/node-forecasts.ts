/**
 * The latest forecast of each grid node, as the planner reads it (PV P10 and P50, lights and EV P50).
 * Kept from forecast.node.v1 as issues arrive; a node not seen since the service started (a restart
 * mid-quarter-hour) is read from the forecasts stored in PostgreSQL, once.
 */
import type { NodeForecast, PowerForecast } from '@trottoir/contracts';
import type { NodeFlowForecast } from '@trottoir/flexibility';

/** Where a node's latest forecast is found when none came on the topic yet. */
export interface StoredNodeForecasts {
  latest(nodeId: string, asOfTs: number): Promise<NodeFlowForecast | undefined>;
}
export const STORED_NODE_FORECASTS = Symbol('STORED_NODE_FORECASTS');

/** The trace of a quantile level (the nearest one the forecast has), or zeros when the flow is absent. */
function level(forecast: PowerForecast | undefined, wanted: number, steps: number): Float32Array {
  const quantiles = forecast?.quantiles ?? [];
  if (quantiles.length === 0) return new Float32Array(steps);
  const nearest = quantiles.reduce((best, trace) => (Math.abs(trace.level - wanted) < Math.abs(best.level - wanted) ? trace : best));
  return Float32Array.from(nearest.valuesW);
}

export function nodeFlowForecastOf(message: NodeForecast): NodeFlowForecast {
  const steps = message.steps;
  return {
    issuedAt: message.issuedAt,
    startTs: message.startTs,
    stepMs: message.intervalMs,
    pvP10W: level(message.pv, 0.1, steps),
    pvP50W: level(message.pv, 0.5, steps),
    lightsP50W: level(message.lights, 0.5, steps),
    evP50W: level(message.ev, 0.5, steps),
  };
}

export class NodeForecasts {
  private readonly latest = new Map<string, NodeFlowForecast>();

  constructor(private readonly stored: StoredNodeForecasts) {}

  put(nodeId: string, forecast: NodeFlowForecast): void {
    const kept = this.latest.get(nodeId);
    if (!kept || kept.issuedAt <= forecast.issuedAt) this.latest.set(nodeId, forecast);
  }

  async forNode(nodeId: string, nowTs: number): Promise<NodeFlowForecast | undefined> {
    const kept = this.latest.get(nodeId);
    if (kept) return kept;
    const stored = await this.stored.latest(nodeId, nowTs);
    if (stored) this.put(nodeId, stored);
    return stored;
  }
}
