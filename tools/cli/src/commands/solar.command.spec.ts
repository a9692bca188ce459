/** `trottoir solar` run as a user would (a child process): CSV header and values, weather files, bad input. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Command } from 'commander';

import { pressureFromElevationHpa, relativeAirMass } from '@trottoir/solar';

import { registerSolarCommand, runSolar, SOLAR_CSV_HEADER, SolarInputError } from './solar.command';
import type { RawOptions } from './solar.command';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');

/** Each run loads the whole CLI through SWC (~2–3 s on this machine): runs go in parallel where they can. */
function solar(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'solar', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const TIMEOUT_MS = 120_000;
const cosDeg = (deg: number): number => Math.cos((deg * Math.PI) / 180);

function rows(stdout: string): Record<string, string>[] {
  const [header, ...lines] = stdout.trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value])));
}

const GOLDEN = ['--lat', '39.742476', '--lon', '-105.1786', '--elevation', '1830.14'];

describe('trottoir solar', () => {
  it('prints the CSV header and the sun of the SPA worked example (standard atmosphere instead of 820 mbar)', async () => {
    const { status, stdout } = await solar([...GOLDEN, '--from', '2003-10-17T19:30:30Z', '--to', '2003-10-17T20:30:30Z', '--step', '30m']);
    expect(status).toBe(0);
    expect(stdout.split('\n')[0]).toBe(SOLAR_CSV_HEADER);
    expect(SOLAR_CSV_HEADER).toBe('ts,zenithDeg,azimuthDeg,elevationDeg,clearskyGhiWm2,clearskyDniWm2,clearskyDhiWm2,poaWm2,cellTempC,pvPowerW');
    const [first, , last] = rows(stdout);
    expect(first.ts).toBe('2003-10-17T19:30:30Z');
    expect(last.ts).toBe('2003-10-17T20:30:30Z');
    expect(Math.abs(Number(first.zenithDeg) - 50.11162)).toBeLessThan(0.01);
    expect(Math.abs(Number(first.azimuthDeg) - 194.34024)).toBeLessThan(0.01);
    expect(Number(first.elevationDeg) + Number(first.zenithDeg)).toBeCloseTo(90, 3);
    // Flat tiles under clear sky: the plane of array is the GHI.
    expect(Number(first.poaWm2)).toBeCloseTo(Number(first.clearskyGhiWm2), 0);
    expect(Number(first.clearskyGhiWm2)).toBeGreaterThan(500);
    expect(Number(first.clearskyGhiWm2)).toBeLessThan(800);
  }, TIMEOUT_MS);

  it('gives zero power at night, and tile losses only lower the bare model', async () => {
    const args = ['--lat', '48.85', '--lon', '2.35', '--from', '2026-06-21', '--to', '2026-06-22', '--step', '1h', '--kwp', '3'];
    const [lossyRun, bareRun] = await Promise.all([solar([...args, '--losses', 'urban-street']), solar([...args, '--losses', 'none'])]);
    const lossy = rows(lossyRun.stdout);
    const bare = rows(bareRun.stdout);
    expect(lossy).toHaveLength(25);
    expect(Number(bare[0].pvPowerW)).toBe(0);
    expect(Number(bare[0].clearskyGhiWm2)).toBe(0);
    const noon = bare.find((row) => row.ts === '2026-06-21T12:00:00Z');
    expect(Number(noon?.pvPowerW)).toBeGreaterThan(1500);
    expect(Number(noon?.pvPowerW)).toBeLessThanOrEqual(3000);
    lossy.forEach((row, i) => expect(Number(row.pvPowerW)).toBeLessThanOrEqual(Number(bare[i].pvPowerW)));
    expect(lossy.reduce((s, r) => s + Number(r.pvPowerW), 0)).toBeLessThan(0.8 * bare.reduce((s, r) => s + Number(r.pvPowerW), 0));
  }, TIMEOUT_MS);

  it('takes irradiance and temperature from a weather file, interpolating between its rows', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trottoir-solar-'));
    const file = path.join(dir, 'weather.csv');
    writeFileSync(file, 'ts,ghiWm2,dniWm2,dhiWm2,airTempC,windSpeedMs\n2026-06-21T10:00:00Z,400,200,250,25,2\n2026-06-21T11:00:00Z,600,400,250,27,2\n');
    const { status, stdout } = await solar(['--lat', '48.85', '--lon', '2.35', '--from', '2026-06-21T10:00Z', '--to', '2026-06-21T11:00Z', '--step', '30m', '--weather', file, '--losses', 'none']);
    expect(status).toBe(0);
    const [start, middle, end] = rows(stdout);
    // Flat plane: POA = DNI·cos z + DHI of the weather (not the clear sky); the middle step is halfway between rows.
    expect(Number(start.poaWm2)).toBeCloseTo(200 * cosDeg(Number(start.zenithDeg)) + 250, 0);
    expect(Number(middle.poaWm2)).toBeCloseTo(300 * cosDeg(Number(middle.zenithDeg)) + 250, 0);
    expect(Number(end.poaWm2)).toBeCloseTo(400 * cosDeg(Number(end.zenithDeg)) + 250, 0);
    expect(Number(end.poaWm2)).toBeLessThan(Number(end.clearskyGhiWm2));
    // Warmer air at the end: a hotter cell than at the start for a similar irradiance level.
    expect(Number(end.cellTempC)).toBeGreaterThan(Number(start.cellTempC));
  }, TIMEOUT_MS);

  it('refuses bad input with one clear line and exit code 2, from its own checks and from commander', async () => {
    const results = await Promise.all([solar(['--lat', '95', '--lon', '2', '--from', '2026-01-01', '--to', '2026-01-02']), solar(['--lat', '45', '--bogus'])]);
    expect(results.map((r) => r.status)).toEqual([2, 2]);
    expect(results[0].stderr).toContain('trottoir solar: --lat "95" is invalid: expected a number from -90 to 90');
    expect(results[1].stderr).toContain("unknown option '--bogus'");
    expect(results.map((r) => r.stdout)).toEqual(['', '']);
  }, TIMEOUT_MS);

  it('names what is wrong for each kind of bad input', () => {
    const base = { lat: '45', lon: '2', from: '2026-01-01', to: '2026-01-02' };
    const cases: [RawOptions, string][] = [
      [{ ...base, lat: undefined }, 'missing --lat'],
      [{ ...base, lon: 'east' }, '--lon "east" is invalid'],
      [{ ...base, from: 'yesterday' }, '--from "yesterday" is not an ISO 8601 date-time'],
      [{ ...base, to: '2025-12-31' }, '--to is before --from'],
      [{ ...base, step: '7x' }, '--step "7x" is invalid'],
      [{ ...base, losses: 'muddy' }, '--losses "muddy" is invalid: expected none, urban-street, rural-road, car-park'],
      [{ ...base, weather: '/nonexistent/weather.csv' }, 'cannot read --weather /nonexistent/weather.csv'],
      [{ ...base, linkeTurbidity: '0' }, '--linke-turbidity "0" is invalid'],
      [{ ...base, tilt: '100' }, '--tilt "100" is invalid'],
    ];
    for (const [options, message] of cases) {
      const written: string[] = [];
      expect(() => runSolar(options, (chunk) => written.push(chunk))).toThrow(SolarInputError);
      expect(() => runSolar(options, () => undefined)).toThrow(message);
      expect(written).toEqual([]);
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trottoir-solar-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'ts,ghiWm2,dniWm2,dhiWm2,airTempC\n2026-01-01T00:00:00Z,0,0,0,5\n');
    expect(() => runSolar({ ...base, weather: bad }, () => undefined)).toThrow('missing column(s) windSpeedMs');
    writeFileSync(bad, 'ts,ghiWm2,dniWm2,dhiWm2,airTempC,windSpeedMs\n2026-01-01T00:00:00Z,0,0,0,5,1\n2026-01-02T00:00:00Z,x,0,0,5,1\n');
    expect(() => runSolar({ ...base, weather: bad }, () => undefined)).toThrow('line 3');
  });

  it("leaves the clear sky as pvlib's default (no Perez enhancement) unless --perez-enhancement is given", () => {
    // Commander in this process (no child): the switch arrives as `true` and nothing else changes.
    const csv = (flags: string[]): Record<string, string>[] => {
      let out = '';
      const program = new Command('trottoir');
      registerSolarCommand(program, (chunk) => (out += chunk));
      program.parse(['solar', '--lat', '48.85', '--lon', '2.35', '--from', '2026-01-15T08:00Z', '--to', '2026-01-15T12:00Z', '--step', '1h', '--losses', 'none', ...flags], { from: 'user' });
      return rows(out);
    };
    const off = csv([]);
    const on = csv(['--perez-enhancement']);
    expect(on).toHaveLength(5);
    let daylight = 0;
    on.forEach((row, i) => {
      expect(row.zenithDeg).toBe(off[i].zenithDeg);
      const ghiOff = Number(off[i].clearskyGhiWm2);
      if (ghiOff < 20) return;
      daylight++;
      // GHI × e^(0.01·AM^1.8) with the absolute air mass at sea level; the CSV's 0.1 W/m² rounding leaves ±0.5 %.
      const airMass = (relativeAirMass(Number(row.zenithDeg)) * pressureFromElevationHpa(0)) / 1013.25;
      expect(Math.abs(Number(row.clearskyGhiWm2) / ghiOff / Math.exp(0.01 * airMass ** 1.8) - 1)).toBeLessThan(0.005);
      expect(Number(row.pvPowerW)).toBeGreaterThan(Number(off[i].pvPowerW));
    });
    expect(daylight).toBeGreaterThanOrEqual(3);
    // Paris at noon in mid-January (sun ≈ 20° high): the enhancement would add 6–8 % to GHI.
    const noon = Number(on[4].clearskyGhiWm2) / Number(off[4].clearskyGhiWm2);
    expect(noon).toBeGreaterThan(1.06);
    expect(noon).toBeLessThan(1.08);
  });

  it('explains every option in --help', async () => {
    const { status, stdout } = await solar(['--help']);
    expect(status).toBe(0);
    for (const option of ['--lat', '--lon', '--elevation', '--from', '--to', '--step', '--tilt', '--azimuth', '--kwp', '--weather', '--linke-turbidity', '--perez-enhancement', '--losses']) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain(SOLAR_CSV_HEADER);
    expect(stdout).toContain("pvlib's perez_enhancement");
  }, TIMEOUT_MS);
});
