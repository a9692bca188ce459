// Per-node state of one interval summed over each subtree, and the minute arithmetic of the cycle.
export * from './minute-window';
export * from './node-state';
