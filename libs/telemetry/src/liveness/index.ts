// Segment liveness (online / stale / offline), its changes as events, and counts per grid node.
export * from './liveness';
export * from './liveness-tracker';
export * from './node-liveness';
