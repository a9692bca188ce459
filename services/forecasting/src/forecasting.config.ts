/**
 * Configuration of the forecasting service, read and checked once at start: the cycle (every 15
 * minutes, a delay after the boundary so the last quarter-hour's rollup is complete), how much
 * history warms the models, how long per-segment forecasts are kept, and the communes' lighting
 * policies. A bad value stops the service with a message naming the variable.
 */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig, text } from '@trottoir/config';
import { ISP_MS } from '@trottoir/kernel';

export const FORECASTING_CONFIG = Symbol('FORECASTING_CONFIG');

export const forecastingConfigSpec = {
  cycleDelayMs: {
    env: 'TROTTOIR_FORECAST_DELAY_MS',
    description: 'delay after each 15-minute UTC boundary before a forecast cycle starts, so the last interval is stored (ms)',
    default: 90_000,
    parse: integer({ min: 0, max: 600_000 }),
  },
  firstCycleDelayMs: {
    env: 'TROTTOIR_FORECAST_FIRST_DELAY_MS',
    description: 'delay after start before a first forecast cycle, so the fleet topics are read (ms); 0 = wait for the first 15-minute boundary',
    default: 20_000,
    parse: integer({ min: 0, max: ISP_MS }),
  },
  steps: {
    env: 'TROTTOIR_FORECAST_STEPS',
    description: 'number of 15-minute intervals forecast ahead (192 = 48 h)',
    default: 192,
    parse: integer({ min: 1, max: 4 * 24 * 7 }),
  },
  warmupDays: {
    env: 'TROTTOIR_FORECAST_WARMUP_DAYS',
    description: 'days of stored 15-minute rollups the models learn from at start',
    default: 28,
    parse: integer({ min: 0, max: 366 }),
  },
  checkpointEveryCycles: {
    env: 'TROTTOIR_FORECAST_CHECKPOINT_EVERY',
    description:
      'cycles between checkpoints of the learned state in PostgreSQL (a restart loads the latest and learns only what came since; 0: never, a restart re-learns the warm-up days)',
    default: 1,
    parse: integer({ min: 0, max: 10_000 }),
  },
  segmentRetentionDays: {
    env: 'TROTTOIR_FORECAST_SEGMENT_RETENTION_DAYS',
    description: 'days per-segment forecasts are kept in the database (node forecasts are kept for ever)',
    default: 7,
    parse: integer({ min: 1, max: 3_650 }),
  },
  timeZone: {
    env: 'TROTTOIR_FORECAST_TIME_ZONE',
    description: 'IANA time zone of the fleet, for lighting policies and EV habits (hour of week)',
    default: 'Europe/Paris',
    parse: timeZone(),
  },
  lightingPolicies: {
    env: 'TROTTOIR_LIGHTING_POLICIES',
    description:
      'JSON object: grid node id → lighting policy {"onBelowElevationDeg":-2,"nightDimmingPct":50,"nightFromLocalHour":23,"nightToLocalHour":5} ' +
      'for every segment below that node (a commune); "default" applies elsewhere',
    default: {} as Record<string, LightingPolicyConfig>,
    parse: lightingPolicies(),
  },
  modelVersion: {
    env: 'TROTTOIR_FORECAST_MODEL_VERSION',
    description: 'model version stamped on every forecast',
    default: 'trottoir-forecast/1',
    parse: text(),
  },
};

export interface LightingPolicyConfig {
  readonly onBelowElevationDeg: number;
  readonly nightDimmingPct: number;
  readonly nightFromLocalHour: number;
  readonly nightToLocalHour: number;
}

export type ForecastingConfig = ConfigOf<typeof forecastingConfigSpec>;

export function loadForecastingConfig(env: NodeJS.ProcessEnv = process.env): ForecastingConfig {
  return loadConfig(forecastingConfigSpec, env);
}

function timeZone(): (raw: string) => string {
  return (raw) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: raw.trim() });
    } catch {
      throw new Error(`unknown time zone "${raw}" (expected an IANA name such as Europe/Paris)`);
    }
    return raw.trim();
  };
}

const POLICY_FIELDS: ReadonlyArray<[keyof LightingPolicyConfig, number, number]> = [
  ['onBelowElevationDeg', -18, 10],
  ['nightDimmingPct', 0, 100],
  ['nightFromLocalHour', 0, 23],
  ['nightToLocalHour', 0, 24],
];

function lightingPolicies(): (raw: string) => Record<string, LightingPolicyConfig> {
  return (raw) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new Error(`not JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object of grid node id → policy');
    const problems: string[] = [];
    const policies: Record<string, LightingPolicyConfig> = {};
    for (const [nodeId, value] of Object.entries(parsed)) {
      const policy = value as Record<string, unknown>;
      for (const [field, min, max] of POLICY_FIELDS) {
        const number = policy?.[field];
        if (typeof number !== 'number' || number < min || number > max) problems.push(`${nodeId}.${field} must be a number in [${min}, ${max}]`);
      }
      policies[nodeId] = policy as unknown as LightingPolicyConfig;
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    return policies;
  };
}
