/** Telemetry validation: one reading against its segment's ratings and the receiver's clock. */
export * from './reject-code';
export * from './validation-limits';
export * from './validate-reading';
