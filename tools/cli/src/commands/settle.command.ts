// `trottoir settle`: the settlement core offline, on files — a baseline of a meter for an event, and the sharing of
// PV among the participants of a collective self-consumption operation (libs/settlement/README.md).
import { METER_BASELINE_METHODS } from '@trottoir/settlement';
import type { Command } from 'commander';

import { runSettleAllocate } from './settle-allocate';
import { DEFAULT_TIME_ZONE, runSettleBaseline } from './settle-baseline';
import { SettleInputError } from './settle.csv';
import type { RawOptions } from './settle-baseline';

const BASELINE_HELP = `
Input: --meter is a CSV with the header ts,powerW: ts the ISO 8601 UTC start of a 15-minute ISP, powerW its mean power
(import positive). A missing row, or an empty powerW, is missing data: a history day with a missing ISP is not used,
and the methods say what they do without an ISP they need (libs/settlement/README.md).

Methods (days, day types and clock times in --tz; working = Mon–Fri and not a holiday; clock-change days never count):
  10of10        mean of the same clock time over the 10 most recent complete, non-event days of the event day's type
                in the 45 days before it (5–9 if that is all, fewer fails), × actual ÷ baseline over 4 h to 1 h
                before the event, clamped to [0.8, 1.2]
  nodes5        mean of the same clock time over the 5 most recent complete, non-event working days
  pjm-same-day  one value: the mean of [start − 4 h, start − 1 h) and [end + 1 h, end + 3 h)
  mbma          the ISP that ends at the event start, held
Missing ISPs: 10of10's factor is computed over the window ISPs present (fewer than 6 of 12: no factor, null);
pjm-same-day averages the ISPs present if each window keeps half of them, else fails; mbma fails without its ISP.

Output: one JSON line per event ISP {"ts":<epoch ms>,"baselineW":<W, to the mW>}, then
  {"method":…,"adjustment":<10of10's factor, or null>,"daysUsed":["YYYY-MM-DD",…]}
Bad input or data the method cannot use: one line on stderr, exit code 2.

Examples:
  trottoir settle baseline --method 10of10 --meter libs/settlement/examples/meter.csv \\
    --event-start 2026-03-10T16:00Z --event-end 2026-03-10T18:00Z --event-days 2026-03-04 --tz Europe/Paris
  trottoir settle baseline --method pjm-same-day --meter meter.csv --event-start 2026-03-10T16:00Z --event-end 2026-03-10T18:00Z`;

const ALLOCATE_HELP = `
Keys (per ISP, P = production, C_i = participant i's consumption, in whole Wh = W × 0.25 h rounded):
  static   allocated_i = min(C_i, k_i·P), fixed shares k_i from --shares (Σ ≤ 1)
  prorata  allocated_i = C_i · min(1, P ÷ ΣC) (Enedis' default dynamic key)
  custom   static with shares per ISP from --keys
Quotas are apportioned by largest remainder: Σ allocated ≤ P and allocated_i ≤ C_i exactly; the rest is surplus.
Every ISP present in a file needs the production and every participant's consumption (and for custom a share for
each participant): missing data is an error, never 0.

Output: one JSON line per ISP and participant {"ts":<epoch ms>,"participant":…,"consumedWh":…,"allocatedWh":…}, then
  {"key":…,"isps":…,"productionWh":…,"consumedWh":…,"allocatedWh":…,"surplusWh":…,"participants":[…]}

Examples:
  trottoir settle allocate --key prorata --production libs/settlement/examples/production.csv \\
    --consumption libs/settlement/examples/consumption.csv
  trottoir settle allocate --key static --production libs/settlement/examples/production.csv \\
    --consumption libs/settlement/examples/consumption.csv --shares libs/settlement/examples/shares.csv`;

function action(name: string, run: (options: RawOptions) => void) {
  return function (this: Command) {
    try {
      run(this.opts<RawOptions>());
    } catch (error) {
      if (!(error instanceof SettleInputError)) throw error;
      this.error(`trottoir settle ${name}: ${error.message}`, { exitCode: 2 });
    }
  };
}

export function registerSettleCommand(
  program: Command,
  write: (chunk: string) => void = (chunk) => process.stdout.write(chunk),
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Command {
  const settle = program.command('settle').description('settlement on files: baselines of a meter for an event, PV allocation among participants');
  settle
    .command('baseline')
    .description('the baseline of a meter for an event, one JSON line per event ISP and a summary')
    .option('--method <method>', `baseline method: ${METER_BASELINE_METHODS.join(', ')}, required`)
    .option('--meter <file.csv>', 'meter CSV with the header ts,powerW (ISO 8601 UTC ISP starts, mean W), required')
    .option('--event-start <ISO>', 'start of the first event ISP, ISO 8601 (no offset means UTC), required')
    .option('--event-end <ISO>', 'end of the last event ISP (exclusive), ISO 8601, required')
    .option('--event-days <dates>', 'earlier event days, never used as history: 2026-03-02,2026-03-04 (local dates)')
    .option('--holidays <dates>', 'public holidays, non-working days: 2026-04-06,… (local dates)')
    .option('--tz <zone>', `IANA time zone of the meter's days and clock times, e.g. Europe/Paris (default ${DEFAULT_TIME_ZONE}: the file's own time base; a note on stderr says so)`)
    .addHelpText('after', BASELINE_HELP)
    // One line on stderr for bad input: the root's "see --help" hint would be a second one.
    .showHelpAfterError(false)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(action('baseline', (options) => runSettleBaseline(options, write, warn)));
  settle
    .command('allocate')
    .description('shares the PV of each ISP among participants by a self-consumption key, one JSON line per ISP and participant and the totals')
    .option('--key <key>', 'distribution key: static, prorata or custom, required')
    .option('--production <file.csv>', 'PV to share, CSV ts,powerW (ISO 8601 UTC ISP starts, mean W ≥ 0), required')
    .option('--consumption <file.csv>', 'consumption, CSV ts,participant,powerW (mean W ≥ 0), required')
    .option('--shares <file.csv>', 'for --key static: CSV participant,share (fractions 0–1, Σ ≤ 1, one per participant)')
    .option('--keys <file.csv>', 'for --key custom: CSV ts,participant,share (Σ ≤ 1 per ISP, one per participant and ISP)')
    .addHelpText('after', ALLOCATE_HELP)
    .showHelpAfterError(false)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .action(action('allocate', (options) => runSettleAllocate(options, write)));
  return settle;
}
