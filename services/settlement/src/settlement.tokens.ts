/** Injection tokens of the settlement module. */
/** The DeadLetterPublisher of flex.dlq.v1 (order responses settlement cannot read). */
export const SETTLEMENT_DEAD_LETTERS = Symbol('SETTLEMENT_DEAD_LETTERS');
