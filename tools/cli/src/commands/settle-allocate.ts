// `trottoir settle allocate`: shares the PV of each ISP among participants with a collective self-consumption
// key, as JSON lines (one per ISP and participant, then the totals with the surplus).
import { allocateEnergy, MissingDataError, SettlementError } from '@trottoir/settlement';
import type { AllocationKey } from '@trottoir/settlement';

import { at, parseIspStart, parseNumber, readCsv, SettleInputError, uniqueKey } from './settle.csv';
import type { CsvFile, CsvRow } from './settle.csv';

export interface RawOptions {
  [name: string]: string | undefined;
}

const KEYS = ['static', 'prorata', 'custom'] as const;

function power(csv: CsvFile, row: CsvRow): number | undefined {
  // An empty cell is missing data: the allocation refuses the ISP rather than read it as 0.
  return row.cells['powerW'] === '' ? undefined : parseNumber(row.cells['powerW'], at(csv, row, 'powerW'), 0);
}

function readProduction(file: string): Map<number, number> {
  const csv = readCsv(file, '--production', ['ts', 'powerW']);
  const series = new Map<number, number>();
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const ts = parseIspStart(row.cells['ts'], at(csv, row, 'ts'));
    uniqueKey(seen, String(ts), csv, row, `the ISP ${row.cells['ts']}`);
    const powerW = power(csv, row);
    if (powerW !== undefined) series.set(ts, powerW);
  }
  return series;
}

function participantOf(csv: CsvFile, row: CsvRow): string {
  const participant = row.cells['participant'];
  if (participant === '') throw new SettleInputError(`${at(csv, row, 'participant')}: empty`);
  return participant;
}

function readConsumption(file: string): Map<string, Map<number, number>> {
  const csv = readCsv(file, '--consumption', ['ts', 'participant', 'powerW']);
  const byParticipant = new Map<string, Map<number, number>>();
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const ts = parseIspStart(row.cells['ts'], at(csv, row, 'ts'));
    const participant = participantOf(csv, row);
    uniqueKey(seen, `${ts} ${participant}`, csv, row, `"${participant}" at ${row.cells['ts']}`);
    const series = byParticipant.get(participant) ?? new Map<number, number>();
    byParticipant.set(participant, series);
    const powerW = power(csv, row);
    if (powerW !== undefined) series.set(ts, powerW);
  }
  return byParticipant;
}

function share(csv: CsvFile, row: CsvRow): number {
  const value = parseNumber(row.cells['share'], at(csv, row, 'share'), 0);
  if (value > 1) throw new SettleInputError(`${at(csv, row, 'share')}: ${row.cells['share']} is above 1 (a share is a fraction: 0.25 for a quarter)`);
  return value;
}

function readShares(file: string): Map<string, number> {
  const csv = readCsv(file, '--shares', ['participant', 'share']);
  const shares = new Map<string, number>();
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const participant = participantOf(csv, row);
    uniqueKey(seen, participant, csv, row, `"${participant}"`);
    shares.set(participant, share(csv, row));
  }
  return shares;
}

function readKeys(file: string): Map<number, Map<string, number>> {
  const csv = readCsv(file, '--keys', ['ts', 'participant', 'share']);
  const byTs = new Map<number, Map<string, number>>();
  const seen = new Map<string, number>();
  for (const row of csv.rows) {
    const ts = parseIspStart(row.cells['ts'], at(csv, row, 'ts'));
    const participant = participantOf(csv, row);
    uniqueKey(seen, `${ts} ${participant}`, csv, row, `"${participant}" at ${row.cells['ts']}`);
    const shares = byTs.get(ts) ?? new Map<string, number>();
    byTs.set(ts, shares);
    shares.set(participant, share(csv, row));
  }
  return byTs;
}

/** Runs the command for parsed options; throws SettleInputError on bad input or missing data. */
export function runSettleAllocate(options: RawOptions, write: (chunk: string) => void): void {
  const kind = options['key'];
  if (kind === undefined) throw new SettleInputError(`missing --key (${KEYS.join(', ')})`);
  if (!(KEYS as readonly string[]).includes(kind)) throw new SettleInputError(`--key "${kind}" is invalid: expected ${KEYS.join(', ')}`);
  const files: Record<string, string | undefined> = { '--production': options['production'], '--consumption': options['consumption'], '--shares': options['shares'], '--keys': options['keys'] };
  if (files['--production'] === undefined) throw new SettleInputError('missing --production <file.csv> (ts,powerW)');
  if (files['--consumption'] === undefined) throw new SettleInputError('missing --consumption <file.csv> (ts,participant,powerW)');
  if (kind === 'static' && files['--shares'] === undefined) throw new SettleInputError('--key static needs --shares <file.csv> (participant,share)');
  if (kind === 'custom' && files['--keys'] === undefined) throw new SettleInputError('--key custom needs --keys <file.csv> (ts,participant,share)');
  if (kind !== 'static' && files['--shares'] !== undefined) throw new SettleInputError(`--shares is for --key static, not ${kind}`);
  if (kind !== 'custom' && files['--keys'] !== undefined) throw new SettleInputError(`--keys is for --key custom, not ${kind}`);

  const productionW = readProduction(files['--production']);
  const consumptionW = readConsumption(files['--consumption']);
  const key: AllocationKey =
    kind === 'static' ? { kind, shares: readShares(files['--shares'] as string) } : kind === 'custom' ? { kind, sharesByTs: readKeys(files['--keys'] as string) } : { kind: 'prorata' };
  let allocation;
  try {
    allocation = allocateEnergy({ productionW, consumptionW, key });
  } catch (error) {
    if (!(error instanceof SettlementError)) throw error;
    // Name the file the missing or wrong value belongs to.
    const flag = error instanceof MissingDataError ? { production: '--production', consumption: '--consumption', shares: '--shares', keys: '--keys' }[error.series] : kind === 'static' ? '--shares' : kind === 'custom' ? '--keys' : '--production';
    throw new SettleInputError(flag && files[flag] ? `${flag} ${files[flag]}: ${error.message}` : error.message);
  }
  const lines: string[] = [];
  for (const isp of allocation.isps) {
    for (const p of isp.participants) lines.push(JSON.stringify({ ts: isp.ts, participant: p.participant, consumedWh: p.consumedWh, allocatedWh: p.allocatedWh }));
  }
  const { totals } = allocation;
  lines.push(
    JSON.stringify({
      key: kind,
      isps: allocation.isps.length,
      productionWh: totals.productionWh,
      consumedWh: totals.consumedWh,
      allocatedWh: totals.allocatedWh,
      surplusWh: totals.surplusWh,
      participants: totals.participants,
    }),
  );
  write(`${lines.join('\n')}\n`);
}
