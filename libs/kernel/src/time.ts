/**
 * Durations in milliseconds, the one definition of each: every timestamp in Trottoir is epoch ms UTC
 * (`ts`), every duration a number of ms named `…Ms`.
 */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
/** A UTC day. A local calendar day is 23 to 25 hours where the clock changes: see local-time. */
export const DAY_MS = 24 * HOUR_MS;
