export * from './validation';
export * from './liveness';
export * from './node-state';
