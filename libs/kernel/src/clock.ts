/**
 * The clock port: what time it is, in epoch ms UTC. Production code is given `systemClock`; tests and
 * simulations give a `ManualClock`, so that every time-dependent decision can be replayed.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * The system clock moved to another instant: it reads `startTs` when created and runs at the wall
 * clock's pace from there. For demonstrations and tests of the whole platform at a chosen time of day
 * (a sunny noon whatever the hour); every timer keeps its real length.
 */
export class OffsetClock implements Clock {
  private readonly offsetMs: number;

  constructor(startTs: number, wallNowMs: number = Date.now()) {
    this.offsetMs = startTs - wallNowMs;
  }

  now(): number {
    return Date.now() + this.offsetMs;
  }
}

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
