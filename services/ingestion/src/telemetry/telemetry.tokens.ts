/** Injection tokens of the telemetry module. */
export const TELEMETRY_CONFIG = Symbol('TELEMETRY_CONFIG');
