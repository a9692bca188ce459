/** The wall clock behind the per-minute cycle, injectable so tests choose "now". */
export const CLOCK = Symbol('CLOCK');

export interface Clock {
  /** Epoch milliseconds UTC. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
