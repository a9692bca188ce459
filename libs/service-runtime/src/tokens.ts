/** Injection tokens for what the runtime hands to every service module. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const PG_POOL = Symbol('PG_POOL');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
export const INSTANCE_ID = Symbol('INSTANCE_ID');
