/**
 * `trottoir simulate` at its edges, run as a user would (a child process): help, and options refused
 * with a clear message before anything is generated or connected.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { Command } from 'commander';

import { parseDuration, registerSimulateCommand } from './simulate.command';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');

function trottoir(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses in this process (no child, no connection): what commander reports on stderr, and the exit code. */
async function parse(args: string[]): Promise<{ exitCode: number; stderr: string }> {
  let stderr = '';
  const program = new Command('trottoir').exitOverride().configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
  registerSimulateCommand(program);
  program.commands.forEach((command) => command.exitOverride().configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined }));
  try {
    await program.parseAsync(['simulate', ...args], { from: 'user' });
    return { exitCode: 0, stderr };
  } catch (error) {
    return { exitCode: (error as { exitCode: number }).exitCode, stderr };
  }
}

describe('trottoir simulate', { timeout: 60_000 }, () => {
  it('documents every option, both modes and the three targets in --help', () => {
    const { status, stdout } = trottoir(['simulate', '--help']);
    expect(status).toBe(0);
    for (const option of ['--segments <n>', '--seed <s>', '--speed <x>', '--from <iso>', '--to <iso>', '--interval <duration>', '--duration <duration>', '--target <target>', '--kafka <brokers>', '--mqtt <url>', '--http <url>']) {
      expect(stdout).toContain(option);
    }
    expect(stdout).toContain('trottoir/telemetry/<segmentId>');
    expect(stdout).toContain('POST <url>/v1/telemetry');
  });

  it.each([
    [['--segments', 'many'], "option '--segments <n>' argument 'many' is invalid. expected a whole number ≥ 1"],
    [['--interval', '5q'], 'expected a duration such as 60s, 15m, 1h or 1h30m'],
    [['--target', 'pigeon'], "argument 'pigeon' is invalid. Allowed choices are kafka, mqtt, http"],
    [['--from', 'yesterday', '--to', '2026-01-01T00:00:00Z'], 'expected an ISO 8601 instant'],
    [['--from', '2026-01-02T00:00:00Z'], '--from and --to go together'],
    [['--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z'], '--to must be after --from'],
    [['--mqtt', 'http://x', '--target', 'mqtt'], 'expected a mqtt or mqtts or ws or wss URL'],
  ])('refuses %j with a clear message', async (args, message) => {
    const { exitCode, stderr } = await parse(args);
    expect(exitCode).toBe(1);
    expect(stderr).toContain(message);
  });

  it('says which broker it cannot reach', () => {
    const { status, stderr } = trottoir(['simulate', '--segments', '2', '--target', 'mqtt', '--mqtt', 'mqtt://127.0.0.1:1', '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-01T01:00:00Z']);
    expect(status).toBe(1);
    expect(stderr).toContain('trottoir simulate: cannot connect to the MQTT broker at mqtt://127.0.0.1:1');
  });
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours, days and combinations; a bare number is seconds', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('90')).toBe(90_000);
    expect(() => parseDuration('0s')).toThrow('above zero');
    expect(() => parseDuration('1h 30m')).toThrow('expected a duration');
  });
});
