/** `trottoir settle allocate` in process: the example files with each key, the output contract, bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runSettleAllocate } from './settle-allocate';
import type { RawOptions } from './settle-allocate';
import { SettleInputError } from './settle.csv';

const EXAMPLES = path.resolve(__dirname, '../../../../libs/settlement/examples');
const FILES = { production: path.join(EXAMPLES, 'production.csv'), consumption: path.join(EXAMPLES, 'consumption.csv') };

function run(options: RawOptions): Record<string, unknown>[] {
  let out = '';
  runSettleAllocate(options, (chunk) => (out += chunk));
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function csv(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trottoir-allocate-')), 'input.csv');
  writeFileSync(file, text);
  return file;
}

describe('trottoir settle allocate', () => {
  it('prints one line per ISP and participant, then the totals with the surplus, for each key', () => {
    for (const options of [{ key: 'prorata' }, { key: 'static', shares: path.join(EXAMPLES, 'shares.csv') }, { key: 'custom', keys: path.join(EXAMPLES, 'keys.csv') }]) {
      const lines = run({ ...FILES, ...options });
      expect(lines).toHaveLength(8 * 3 + 1);
      expect(lines.slice(0, 3).map((line) => Object.keys(line))).toEqual(Array(3).fill(['ts', 'participant', 'consumedWh', 'allocatedWh']));
      expect(lines.slice(0, 3).map((line) => line['participant'])).toEqual(['commune', 'cpo', 'school']);
      const totals = lines[24] as { key: string; productionWh: number; allocatedWh: number; surplusWh: number; participants: { allocatedWh: number }[] };
      expect(totals.key).toBe(options.key);
      expect(totals.productionWh).toBe(24_442);
      expect(totals.allocatedWh + totals.surplusWh).toBe(totals.productionWh);
      expect(lines.slice(0, 24).reduce((s, line) => s + (line['allocatedWh'] as number), 0)).toBe(totals.allocatedWh);
      for (const line of lines.slice(0, 24)) expect(line['allocatedWh'] as number).toBeLessThanOrEqual(line['consumedWh'] as number);
    }
  });

  it('shares the first ISP as the keys say', () => {
    // 10:00 UTC: 10,710 W of PV = 2,678 Wh; the commune 706 Wh, the CPO 0, the school 1,491 Wh: everyone is served.
    const prorata = run({ ...FILES, key: 'prorata' }).slice(0, 3);
    expect(prorata.map((line) => [line['participant'], line['consumedWh'], line['allocatedWh']])).toEqual([
      ['commune', 706, 706],
      ['cpo', 0, 0],
      ['school', 1491, 1491],
    ]);
    // Static 0.4 / 0.35 / 0.25: the commune and the CPO are capped by their consumption, the school gets a quarter of
    // 2,678 Wh = 669.5 Wh; Σ allocated = ⌊706 + 0 + 669.5⌋ = 1,375: the half Wh is surplus.
    const fixed = run({ ...FILES, key: 'static', shares: path.join(EXAMPLES, 'shares.csv') }).slice(0, 3);
    expect(fixed.map((line) => line['allocatedWh'])).toEqual([706, 0, 669]);
  });

  it.each<[RawOptions, string]>([
    [{ ...FILES }, 'missing --key (static, prorata, custom)'],
    [{ ...FILES, key: 'dynamic' }, '--key "dynamic" is invalid'],
    [{ ...FILES, key: 'static' }, '--key static needs --shares'],
    [{ ...FILES, key: 'custom' }, '--key custom needs --keys'],
    [{ ...FILES, key: 'prorata', shares: 'x.csv' }, '--shares is for --key static, not prorata'],
    [{ consumption: FILES.consumption, key: 'prorata' }, 'missing --production'],
  ])('refuses %j', (options, message) => {
    expect(() => run(options)).toThrow(SettleInputError);
    expect(() => run(options)).toThrow(message);
  });

  it('names the file, line and field of a bad row, and the file of missing data', () => {
    const negative = csv('ts,participant,powerW\n2026-06-15T10:00:00Z,school,-5\n');
    expect(() => run({ ...FILES, key: 'prorata', consumption: negative })).toThrow(`--consumption ${negative} line 2, field powerW: -5 is below 0`);
    const noName = csv('ts,participant,powerW\n2026-06-15T10:00:00Z,,5\n');
    expect(() => run({ ...FILES, key: 'prorata', consumption: noName })).toThrow(`--consumption ${noName} line 2, field participant: empty`);
    const twice = csv('participant,share\ncpo,0.5\ncpo,0.2\n');
    expect(() => run({ ...FILES, key: 'static', shares: twice })).toThrow(`--shares ${twice} line 3: a second row for "cpo" (first on line 2)`);
    const above = csv('participant,share\ncpo,25\n');
    expect(() => run({ ...FILES, key: 'static', shares: above })).toThrow(`--shares ${above} line 2, field share: 25 is above 1`);
    const tooMuch = csv('participant,share\ncommune,0.5\ncpo,0.4\nschool,0.2\n');
    expect(() => run({ ...FILES, key: 'static', shares: tooMuch })).toThrow(`--shares ${tooMuch}: static key: the shares add up to 1.1, more than 1`);
    const partial = csv('ts,participant,powerW\n2026-06-15T10:00:00Z,school,5\n2026-06-15T10:00:00Z,cpo,5\n2026-06-15T10:15:00Z,school,5\n');
    expect(() => run({ ...FILES, key: 'prorata', consumption: partial })).toThrow(`--consumption ${partial}: no consumption of "cpo" for the ISP 2026-06-15T10:15:00Z: missing data is not read as 0`);
    const fewKeys = csv('ts,participant,share\n2026-06-15T10:00:00Z,cpo,1\n');
    expect(() => run({ ...FILES, key: 'custom', keys: fewKeys })).toThrow(`--keys ${fewKeys}: custom key at 2026-06-15T10:00:00Z: no share for "commune"`);
  });
});
