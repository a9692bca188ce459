/**
 * Token buckets per principal: each subject may make `burst` requests at once and `perSecond` on
 * average. Kept in this process's memory, so with N replicas behind a load balancer a subject gets up
 * to N times the rate; that bounds abuse per instance without a round trip to a shared store.
 */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Buckets idle long enough to be full again are forgotten, so memory follows active subjects only. */
const SWEEP_EVERY = 1_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private calls = 0;

  constructor(private readonly limit: RateLimit) {}

  /** Takes one token from `subject`'s bucket at `nowMs`, or says how long until one is there. */
  take(subject: string, nowMs: number): RateDecision {
    if (++this.calls % SWEEP_EVERY === 0) this.sweep(nowMs);
    const bucket = this.buckets.get(subject) ?? { tokens: this.limit.burst, updatedMs: nowMs };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (Math.max(0, nowMs - bucket.updatedMs) / 1000) * this.limit.perSecond);
    bucket.updatedMs = nowMs;
    this.buckets.set(subject, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  private sweep(nowMs: number): void {
    const fullAfterMs = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [subject, bucket] of this.buckets) if (nowMs - bucket.updatedMs > fullAfterMs) this.buckets.delete(subject);
  }
}
