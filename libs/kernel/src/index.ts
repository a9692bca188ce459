/**
 * @trottoir/kernel: the shared kernel every library and service builds on, one definition of each:
 * time constants and ISPs, durations as people write them, the clock port, local time, the seeded
 * PRNG, the grid tree and the street-lighting policy. Pure TypeScript, tagged type:util so that
 * every project may import it; it imports no workspace library.
 */
export * from './time';
export * from './isp';
export * from './duration';
export * from './clock';
export * from './local-time';
export * from './random';
export * from './grid-tree';
export * from './lighting-policy';
