/** Injection tokens of the dispatch module. */
/** The DeadLetterPublisher of flex.dlq.v1. */
export const FLEX_DEAD_LETTERS = Symbol('FLEX_DEAD_LETTERS');
