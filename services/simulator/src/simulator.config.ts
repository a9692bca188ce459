/** Configuration of the simulator service, read once at start from the environment. */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig, text } from '@trottoir/config';

function positiveNumber(raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error('expected a number above zero');
  return value;
}

function isoInstant(raw: string): number {
  const ts = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ts)) throw new Error('expected an ISO 8601 instant such as 2026-06-21T10:00:00Z');
  return ts;
}

export const simulatorConfigSpec = {
  segments: { env: 'TROTTOIR_SIM_SEGMENTS', description: 'segments in the generated city', default: 2_000, parse: integer({ min: 1, max: 1_000_000 }) },
  seed: { env: 'TROTTOIR_SIM_SEED', description: 'seed of the city and of the simulation', default: 1, parse: integer({ min: 0, max: 2 ** 32 - 1 }) },
  speed: {
    env: 'TROTTOIR_SIM_SPEED',
    description: 'simulated seconds per real second, never ahead of the wall clock: with a past TROTTOIR_SIM_START it replays fast, then goes on in real time',
    default: 1,
    parse: positiveNumber,
  },
  intervalS: { env: 'TROTTOIR_SIM_INTERVAL_S', description: 'simulated seconds between two readings of a segment', default: 60, parse: integer({ min: 1, max: 86_400 }) },
  startTs: {
    env: 'TROTTOIR_SIM_START',
    description: 'simulated start, ISO 8601 (default: now, rounded down to the interval); each reading is stamped at the end of its interval',
    default: undefined as number | undefined,
    parse: isoInstant,
  },
  timeZone: { env: 'TROTTOIR_SIM_TIME_ZONE', description: 'IANA time zone of the city (lighting policy, EV habits)', default: 'Europe/Paris', parse: text() },
  unresponsiveSegments: {
    env: 'TROTTOIR_SIM_UNRESPONSIVE',
    description: 'segment ids, comma-separated, that ignore setpoints and never acknowledge them: a fault to try dispatch against (also PUT /v1/simulator/unresponsive-segments)',
    default: [] as string[],
    parse: (raw: string) => raw.split(',').map((id) => id.trim()).filter((id) => id !== ''),
  },
};

export type SimulatorConfig = ConfigOf<typeof simulatorConfigSpec>;

export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorConfig {
  return loadConfig(simulatorConfigSpec, env);
}

export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');
