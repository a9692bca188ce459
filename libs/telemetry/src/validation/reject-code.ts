/**
 * Machine-readable reasons a reading is rejected. Each is the name of a `DeadLetterReason` value
 * (dead_letter.proto) without its prefix, so it goes unchanged into the `dlq-reason-code` header.
 */
export const REJECT_CODES = [
  'DECODE_FAILED',
  'SCHEMA_INVALID',
  'UNKNOWN_SEGMENT',
  'NOT_FINITE',
  'OUT_OF_RANGE',
  'PV_NEGATIVE',
  'PV_ABOVE_RATING',
  'SOC_OUT_OF_RANGE',
  'TS_IN_FUTURE',
  'TS_BEFORE_COMMISSIONING',
  'TS_NOT_INTEGER',
  'TOO_LATE',
] as const;

export type RejectCode = (typeof REJECT_CODES)[number];

export interface Rejection {
  readonly code: RejectCode;
  /** For people: the field, its value and the limit it broke. */
  readonly detail: string;
}
