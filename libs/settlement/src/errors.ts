/**
 * Domain errors of settlement. The edges map them: the CLI to one line and exit code 2, the service to a
 * statement that waits for data or to a 4xx. None of them is ever answered with a made-up number.
 */

/** Base class: every error this library throws on purpose. */
export class SettlementError extends Error {
  override name = 'SettlementError';
}

/** Arguments that break a rule of the API (unaligned ISP, shares above 1, unknown participant…). */
export class SettlementInputError extends SettlementError {
  override name = 'SettlementInputError';
}

/** A value the rule needs is absent: missing data is never read as 0. */
export class MissingDataError extends SettlementError {
  override name = 'MissingDataError';
  constructor(
    message: string,
    /** What is missing: the meter, production, consumption, keys, forecast… */
    readonly series: string,
    /** The ISP (epoch ms) of the first missing value, when there is one. */
    readonly ts?: number,
    /** The participant or segment whose value is missing, when there is one. */
    readonly subject?: string,
  ) {
    super(message);
  }
}

/** Too few history days for a baseline method (10of10 needs 5, nodes5 needs 5). */
export class InsufficientHistoryError extends SettlementError {
  override name = 'InsufficientHistoryError';
  constructor(
    readonly method: string,
    readonly daysFound: number,
    readonly daysNeeded: number,
    readonly lookBackDays: number,
    detail: string,
  ) {
    super(`insufficient history for ${method}: ${daysFound} usable day(s) found in the ${lookBackDays} days before the event, ${daysNeeded} needed (${detail})`);
  }
}

/** `2026-03-10T16:15:00Z`: how errors name an ISP. */
export function isoOf(ts: number): string {
  return new Date(ts).toISOString().replace('.000Z', 'Z');
}
