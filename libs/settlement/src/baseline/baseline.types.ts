/** The data every baseline method takes and returns. */

/** The methods that read one meter series (the CLI's `--method`). */
export type MeterBaselineMethod = '10of10' | 'nodes5' | 'pjm-same-day' | 'mbma';
/** Every method a flex order may name as its baseline (a term of the order, frozen in its statement). */
export type BaselineMethod = MeterBaselineMethod | 'curtailed-pv';

export const METER_BASELINE_METHODS: readonly MeterBaselineMethod[] = ['10of10', 'nodes5', 'pjm-same-day', 'mbma'];

/** Mon–Fri and not a holiday is `working`; anything else `non-working`. Local to the event's time zone. */
export type DayType = 'working' | 'non-working';

/** The event a baseline is computed for, and the calendar it is read in. */
export interface BaselineEvent {
  /** Start of the first event ISP, epoch ms UTC (a multiple of 15 minutes). */
  eventStartTs: number;
  /** End of the last event ISP (exclusive), epoch ms UTC (a multiple of 15 minutes, after the start). */
  eventEndTs: number;
  /** IANA time zone of the grid node: days, day types and times of day are local to it. */
  timeZone: string;
  /** Local dates (`YYYY-MM-DD`) of earlier events: never used as history. */
  eventDays?: readonly string[];
  /** Local dates of public holidays: non-working days. */
  holidays?: readonly string[];
}

export interface BaselineIsp {
  /** Start of the event ISP, epoch ms UTC. */
  ts: number;
  /** Baseline mean power over the ISP, W (same sign convention as the meter). */
  baselineW: number;
}

export interface BaselineResult {
  method: BaselineMethod;
  /** One per event ISP, in time order. */
  isps: BaselineIsp[];
  /** 10of10's day-of factor after clamping, or null (every other method, or no factor could be computed). */
  adjustment: number | null;
  /** Local dates of the history days averaged, oldest first; empty for the same-day methods. */
  daysUsed: string[];
}
