/** Injection tokens of the telemetry module. */
export const TELEMETRY_CONFIG = Symbol('TELEMETRY_CONFIG');
/** The DeadLetterPublisher of telemetry.dlq.v1. */
export const TELEMETRY_DEAD_LETTERS = Symbol('TELEMETRY_DEAD_LETTERS');

/** The dead letters' `dlq-source`: the service (and consumer group) that set them aside. */
export const DEAD_LETTER_SOURCE = 'ingestion';
