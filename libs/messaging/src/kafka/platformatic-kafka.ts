/**
 * Loads `@platformatic/kafka` (an ES module) from our CommonJS code. Node ≥ 20.19 can `require()` an
 * ES module; Jest's CommonJS runtime cannot, so we go through Node's own `require` (taken from
 * `process.getBuiltinModule`, which Jest does not intercept) — the same code path in services,
 * scripts and tests.
 */
import type * as PlatformaticKafka from '@platformatic/kafka';

export type { PlatformaticKafka };

let loaded: typeof PlatformaticKafka | undefined;

export function platformaticKafka(): typeof PlatformaticKafka {
  if (!loaded) {
    const { createRequire } = process.getBuiltinModule('node:module');
    loaded = createRequire(__filename)('@platformatic/kafka') as typeof PlatformaticKafka;
  }
  return loaded;
}
