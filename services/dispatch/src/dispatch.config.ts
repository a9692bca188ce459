/**
 * Configuration of the dispatch service, read and checked once at start: how long telemetry stays
 * fresh enough to dispatch on, how long a segment has to acknowledge a setpoint, how long an offer
 * holds, the levers' costs and the price over them. A bad value stops the service with a message that
 * names the variable.
 */
import type { ConfigOf } from '@trottoir/config';
import { integer, loadConfig } from '@trottoir/config';
import { ISP_MS, MINUTE_MS } from '@trottoir/kernel';

export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');

function nonNegativeNumber(max: number): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > max) throw new Error(`expected a number from 0 to ${max}`);
    return value;
  };
}

export const dispatchConfigSpec = {
  ispMs: {
    env: 'TROTTOIR_DISPATCH_ISP_MS',
    description: 'ISP length of requests and orders, ms (900000: the 15-minute market time unit; shorter only for demonstrations and tests)',
    default: ISP_MS,
    parse: integer({ min: 10_000, max: ISP_MS }),
  },
  staleAfterMs: {
    env: 'TROTTOIR_DISPATCH_STALE_AFTER_MS',
    description: 'a segment whose latest reading is older than this is not dispatched (never dispatch on a guess), ms',
    default: 3 * MINUTE_MS,
    parse: integer({ min: 1_000, max: 3_600_000 }),
  },
  ackTimeoutMs: {
    env: 'TROTTOIR_DISPATCH_ACK_TIMEOUT_MS',
    description: 'a segment that has not acknowledged a setpoint within this is lost: its share is re-dispatched, ms',
    default: 30_000,
    parse: integer({ min: 500, max: 600_000 }),
  },
  offerValidityMs: {
    env: 'TROTTOIR_DISPATCH_OFFER_VALIDITY_MS',
    description: 'how long an offer holds (never beyond the start of its first ISP), ms',
    default: 5 * MINUTE_MS,
    parse: integer({ min: 1_000, max: 86_400_000 }),
  },
  reboundIsps: {
    env: 'TROTTOIR_DISPATCH_REBOUND_ISPS',
    description: 'ISPs after the last ordered one in every dispatch problem, where shifted EV charging may land within the node limits',
    default: 4,
    parse: integer({ min: 0, max: 96 }),
  },
  deliveryIntervalMs: {
    env: 'TROTTOIR_DISPATCH_DELIVERY_INTERVAL_MS',
    description: 'how often running ISPs are measured (flex.delivery.v1, shortfall re-dispatch), ms',
    default: MINUTE_MS,
    parse: integer({ min: 1_000, max: ISP_MS }),
  },
  redispatchTolerance: {
    env: 'TROTTOIR_DISPATCH_REDISPATCH_TOLERANCE',
    description: 'a running ISP straying from its order by more than this share so far (short or over) is re-dispatched; tighter than the 5 % a delivery is judged by, so that the loop lands inside it',
    default: 0.02,
    parse: nonNegativeNumber(1),
  },
  markup: {
    env: 'TROTTOIR_DISPATCH_PRICE_MARKUP',
    description: 'offer price over the levers\' cost (1.1: cost + 10 %)',
    default: 1.1,
    parse: nonNegativeNumber(100),
  },
  shortfallPricePerKWh: {
    env: 'TROTTOIR_DISPATCH_SHORTFALL_PRICE_PER_KWH',
    description: 'what a kWh not delivered costs in an order\'s problem (currency per kWh), far above any lever',
    default: 10,
    parse: nonNegativeNumber(1_000),
  },
  pvCurtailPerKWh: { env: 'TROTTOIR_DISPATCH_PV_CURTAIL_COST_PER_KWH', description: 'cost of a kWh of PV curtailed (currency per kWh)', default: 0.1, parse: nonNegativeNumber(100) },
  lightsDimPerKWh: { env: 'TROTTOIR_DISPATCH_LIGHTS_DIM_COST_PER_KWH', description: 'cost of a kWh of street light dimmed above the policy minimum', default: 0.04, parse: nonNegativeNumber(100) },
  evShiftPerKWh: { env: 'TROTTOIR_DISPATCH_EV_SHIFT_COST_PER_KWH', description: 'cost of a kWh of EV charging moved later', default: 0.06, parse: nonNegativeNumber(100) },
  batteryCyclePerKWh: { env: 'TROTTOIR_DISPATCH_BATTERY_CYCLE_COST_PER_KWH', description: 'wear cost of a kWh through a battery', default: 0.03, parse: nonNegativeNumber(100) },
  batteryEfficiency: {
    env: 'TROTTOIR_DISPATCH_BATTERY_EFFICIENCY',
    description: 'one-way efficiency of the batteries (0 < η ≤ 1)',
    default: 0.95,
    parse: (raw: string) => {
      const value = nonNegativeNumber(1)(raw);
      if (value === 0) throw new Error('expected a number above 0 and at most 1');
      return value;
    },
  },
};

export type DispatchConfig = ConfigOf<typeof dispatchConfigSpec>;

export function loadDispatchConfig(env: NodeJS.ProcessEnv = process.env): DispatchConfig {
  return loadConfig(dispatchConfigSpec, env);
}
