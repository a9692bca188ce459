/**
 * The clock port: what time it is, in epoch ms UTC. Production code is given `systemClock`; tests and
 * simulations give a `ManualClock`, so that every time-dependent decision can be replayed.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: for tests, replays and simulated time. */
export class ManualClock implements Clock {
  constructor(private ts: number) {}

  now(): number {
    return this.ts;
  }

  set(ts: number): void {
    this.ts = ts;
  }

  advance(ms: number): void {
    this.ts += ms;
  }
}
