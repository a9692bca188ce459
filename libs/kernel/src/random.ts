/**
 * Seeded randomness: a small, fast PRNG (mulberry32) and a string/number hash to derive independent
 * streams (one per segment, one per cloud hour…) from one seed, so that a generated city or a simulated
 * run depends on its seed alone — the same on every machine and Node version (no Math.random), and
 * independent of the order segments are stepped in.
 */

/** 32-bit FNV-1a over the parts joined by '/': a seed for an independent stream. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  const text = parts.join('/');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32): FNV's low bits are weak for short, similar inputs.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class Prng {
  private state: number;

  /** A generator whose 32-bit state is `state` as given (a `hashSeed` is already well mixed). */
  constructor(state: number) {
    this.state = state >>> 0;
  }

  /**
   * A generator for a small user-given seed (1, 2, 3…): the seed is mixed once so that neighbouring
   * seeds do not start from similar states.
   */
  static fromSeed(seed: number): Prng {
    return new Prng(Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson-distributed count with mean `mean` (Knuth; for the small means of the simulator). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** A child generator whose stream does not depend on how many numbers this one has drawn since. */
  fork(salt: number): Prng {
    return Prng.fromSeed(Math.imul(this.int(0, 0x7fffffff) ^ salt, 0x27d4eb2d));
  }
}

/** A fresh stream for the given parts: `streamOf(seed, 'day', 412)`. */
export function streamOf(...parts: readonly (string | number)[]): Prng {
  return new Prng(hashSeed(...parts));
}
