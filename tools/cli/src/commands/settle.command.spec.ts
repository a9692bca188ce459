/** `trottoir settle` run as a user would (a child process): output on stdout, one line on stderr and exit 2 on bad input, --help. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');
const EXAMPLES = path.resolve(__dirname, '../../../../libs/settlement/examples');
const TIMEOUT_MS = 120_000;

/** Each run loads the whole CLI through SWC (~2–3 s here): runs go in parallel. */
function trottoir(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'settle', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const EVENT = ['--meter', path.join(EXAMPLES, 'meter.csv'), '--event-start', '2026-03-10T16:00Z', '--event-end', '2026-03-10T18:00Z', '--event-days', '2026-03-04'];

describe('trottoir settle', () => {
  it('computes a baseline and an allocation from the example files', async () => {
    const [baseline, noZone, allocation] = await Promise.all([
      trottoir(['baseline', '--method', 'nodes5', ...EVENT, '--tz', 'Europe/Paris']),
      trottoir(['baseline', '--method', 'mbma', ...EVENT]),
      trottoir(['allocate', '--key', 'prorata', '--production', path.join(EXAMPLES, 'production.csv'), '--consumption', path.join(EXAMPLES, 'consumption.csv')]),
    ]);
    expect(baseline.status).toBe(0);
    expect(baseline.stderr).toBe('');
    const lines = baseline.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toEqual({ ts: Date.UTC(2026, 2, 10, 16), baselineW: expect.any(Number) });
    expect(lines[8]).toEqual({ method: 'nodes5', adjustment: null, daysUsed: ['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-09'] });
    expect(noZone.status).toBe(0);
    expect(noZone.stderr).toContain('no --tz: days, day types and clock times are UTC');
    expect(allocation.status).toBe(0);
    const totals = JSON.parse(allocation.stdout.trim().split('\n').pop() as string) as Record<string, number>;
    expect(totals).toMatchObject({ key: 'prorata', isps: 8, productionWh: 24_442 });
  }, TIMEOUT_MS);

  it('refuses bad input with one clear line on stderr and exit code 2', async () => {
    const results = await Promise.all([
      trottoir(['baseline', '--method', 'mbma', ...EVENT, '--tz', 'Mars/Olympus']),
      trottoir(['baseline', '--method', '10of10', '--meter', path.join(EXAMPLES, 'consumption.csv'), '--event-start', '2026-03-10T16:00Z', '--event-end', '2026-03-10T18:00Z']),
      trottoir(['allocate', '--key', 'static', '--production', path.join(EXAMPLES, 'production.csv'), '--consumption', path.join(EXAMPLES, 'consumption.csv')]),
      trottoir(['baseline', '--bogus']),
    ]);
    expect(results.map((r) => r.status)).toEqual([2, 2, 2, 2]);
    expect(results.map((r) => r.stdout)).toEqual(['', '', '', '']);
    expect(results[0].stderr).toBe('trottoir settle baseline: --tz: unknown time zone "Mars/Olympus" (an IANA name such as Europe/Paris)\n');
    // A consumption file has the columns of a meter file, but one row per participant and ISP.
    expect(results[1].stderr).toMatch(/^trottoir settle baseline: --meter \S*consumption\.csv line 3: a second row for the ISP 2026-06-15T10:00:00Z \(first on line 2\)\n$/);
    expect(results[2].stderr).toBe('trottoir settle allocate: --key static needs --shares <file.csv> (participant,share)\n');
    expect(results[3].stderr).toBe("error: unknown option '--bogus'\n");
  }, TIMEOUT_MS);

  it('explains every option in --help', async () => {
    const [baseline, allocate] = await Promise.all([trottoir(['baseline', '--help']), trottoir(['allocate', '--help'])]);
    expect([baseline.status, allocate.status]).toEqual([0, 0]);
    for (const option of ['--method', '--meter', '--event-start', '--event-end', '--event-days', '--holidays', '--tz', '10of10', 'nodes5', 'pjm-same-day', 'mbma', '"daysUsed"']) expect(baseline.stdout).toContain(option);
    for (const option of ['--key', '--production', '--consumption', '--shares', '--keys', 'static', 'prorata', 'custom', '"surplusWh"']) expect(allocate.stdout).toContain(option);
  }, TIMEOUT_MS);
});
