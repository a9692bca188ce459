/**
 * Configuration of the settlement service, read and checked once at start: when an order is settled
 * (its last ISP's end + a delay that lets the last readings and rollups land), how often the cycle runs,
 * the contract terms (tolerance, penalty factor) and the calendar baselines are read in. A bad value stops
 * the service with a message that names the variable.
 */
import type { ConfigOf } from '@trottoir/config';
import { ConfigError, integer, loadConfig, oneOf, text } from '@trottoir/config';
import { assertTimeZone, HOUR_MS, MINUTE_MS } from '@trottoir/kernel';
import { DEFAULT_PENALTY_FACTOR, DEFAULT_TOLERANCE } from '@trottoir/settlement';

export const SETTLEMENT_CONFIG = Symbol('SETTLEMENT_CONFIG');

/** The participants of every operation that the segments meter: the commune's street lights and the charge-point operator. */
export const METERED_PARTICIPANTS = ['ev-charging', 'street-lighting'] as const;

/** A participant's name: what statement ids and CSV columns carry (the organiser names the others, e.g. building-12). */
export const PARTICIPANT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function fraction(min: number, max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) throw new Error(`expected a number from ${min} to ${max}`);
    return value;
  };
}

export const settlementConfigSpec = {
  settlementDelayMs: {
    env: 'TROTTOIR_SETTLEMENT_DELAY_MS',
    description: 'an order is settled this long after the end of its last ISP (late readings and the rollups land first), ms',
    default: 30 * MINUTE_MS,
    parse: integer({ min: 0, max: 7 * 24 * HOUR_MS }),
  },
  cycleIntervalMs: {
    env: 'TROTTOIR_SETTLEMENT_CYCLE_INTERVAL_MS',
    description: 'how often the settlement cycle runs (due orders, re-settlement after late data, publication), ms',
    default: MINUTE_MS,
    parse: integer({ min: 1_000, max: HOUR_MS }),
  },
  ordersPerCycle: {
    env: 'TROTTOIR_SETTLEMENT_ORDERS_PER_CYCLE',
    description: 'at most this many orders are settled per cycle (the rest in the next ones)',
    default: 100,
    parse: integer({ min: 1, max: 10_000 }),
  },
  tolerance: {
    env: 'TROTTOIR_SETTLEMENT_TOLERANCE',
    description: 'contract term: a delivery below this share of the ordered energy pays a penalty',
    default: DEFAULT_TOLERANCE,
    parse: fraction(0, 1),
  },
  penaltyFactor: {
    env: 'TROTTOIR_SETTLEMENT_PENALTY_FACTOR',
    description: 'contract term: penalty per missing MWh below the tolerance, as a multiple of the price',
    default: DEFAULT_PENALTY_FACTOR,
    parse: fraction(0, 1000),
  },
  minCoverage: {
    env: 'TROTTOIR_SETTLEMENT_MIN_COVERAGE',
    description: 'an ISP of a node is metered when at least this share of the segments below it reported in it (else it waits for late data)',
    default: 0.95,
    parse: fraction(0.01, 1),
  },
  curtailedPvWiderTiers: {
    env: 'TROTTOIR_SETTLEMENT_CURTAILED_PV_WIDER_TIERS',
    description: 'curtailed-pv baseline: grid levels above a curtailed segment\'s own node searched for uncurtailed neighbours before its forecast is used (0 = its own node only)',
    default: 2,
    parse: integer({ min: 0, max: 10 }),
  },
  timeZone: {
    env: 'TROTTOIR_SETTLEMENT_TIME_ZONE',
    description: 'IANA time zone of the baselines\' days, day types and times of day',
    default: 'Europe/Paris',
    parse: (raw: string) => {
      assertTimeZone(raw);
      return raw;
    },
  },
  holidays: {
    env: 'TROTTOIR_SETTLEMENT_HOLIDAYS',
    description: 'public holidays (non-working days for the baselines), local dates YYYY-MM-DD separated by commas',
    default: [] as string[],
    parse: (raw: string) => {
      const days = raw.split(',').map((day) => day.trim()).filter((day) => day !== '');
      for (const day of days) if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) throw new Error(`"${day}" is not a date YYYY-MM-DD`);
      return days;
    },
  },
  operations: {
    env: 'TROTTOIR_SETTLEMENT_OPERATIONS',
    description: 'grid nodes whose segments form a collective self-consumption operation, allocated month by month (node ids separated by commas; none when unset)',
    default: [] as string[],
    parse: (raw: string) => [...new Set(raw.split(',').map((id) => id.trim()).filter((id) => id !== ''))],
  },
  allocationKey: {
    env: 'TROTTOIR_SETTLEMENT_ALLOCATION_KEY',
    description: 'the organiser\'s allocation key of the operations: prorata (default, dynamic), static (TROTTOIR_SETTLEMENT_ALLOCATION_SHARES) or custom (shares per ISP, PUT /v1/operations/{nodeId}/allocation-shares)',
    default: 'prorata' as const,
    parse: oneOf('prorata', 'static', 'custom'),
  },
  allocationShares: {
    env: 'TROTTOIR_SETTLEMENT_ALLOCATION_SHARES',
    description: 'static key: participant:share pairs separated by commas, summing to at most 1 (street-lighting, ev-charging, and the participants whose consumption the organiser feeds in)',
    default: undefined as Record<string, number> | undefined,
    parse: (raw: string) => {
      const shares: Record<string, number> = {};
      for (const pair of raw.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
        const [name, value, extra] = pair.split(':');
        const share = Number(value);
        if (extra !== undefined || !PARTICIPANT_NAME.test(name) || value === undefined || !(share >= 0 && share <= 1)) {
          throw new Error(`"${pair}" is not participant:share (a participant is ${METERED_PARTICIPANTS.join(', ')} or a name of lower-case letters, digits, '.', '_', '-'; a share from 0 to 1)`);
        }
        shares[name] = share;
      }
      if (Object.values(shares).reduce((sum, share) => sum + share, 0) > 1 + 1e-9) throw new Error('the shares add up to more than 1');
      return shares;
    },
  },
  currencyFallback: {
    env: 'TROTTOIR_SETTLEMENT_CURRENCY',
    description: 'currency of a statement whose offer names none (ISO 4217)',
    default: 'EUR',
    parse: text(),
  },
};

export type SettlementConfig = ConfigOf<typeof settlementConfigSpec>;

export function loadSettlementConfig(env: NodeJS.ProcessEnv = process.env): SettlementConfig {
  const config = loadConfig(settlementConfigSpec, env);
  if (config.allocationKey === 'static' && config.allocationShares === undefined) {
    throw new ConfigError(['TROTTOIR_SETTLEMENT_ALLOCATION_KEY is static: TROTTOIR_SETTLEMENT_ALLOCATION_SHARES is required too']);
  }
  return config;
}
