/**
 * The start command's edges, run as a user would (a child process): help text, unknown services,
 * and configuration that is refused before anything starts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve(__dirname, '../../bin/trottoir.js');

function trottoir(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trottoir start', () => {
  it('documents its options and every environment variable in --help', () => {
    const { status, stdout } = trottoir(['start', '--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('--services <names>');
    expect(stdout).toContain('KAFKA_BROKERS');
    expect(stdout).toContain('DATABASE_URL');
    expect(stdout).toContain('TROTTOIR_HTTP_PORT (default: 3001)');
  });

  it('refuses an unknown service and lists the known ones', () => {
    const { status, stderr } = trottoir(['start', '--services', 'ingestion,billing']);
    expect(status).toBe(2);
    expect(stderr).toContain('unknown service(s): billing; known: ingestion, forecasting, dispatch, settlement, simulator');
  });

  it('stops at once on invalid configuration, naming every bad variable', () => {
    const { status, stderr } = trottoir(['start', '--no-summary'], { TROTTOIR_HTTP_PORT: 'eighty', KAFKA_BROKERS: 'localhost', DATABASE_URL: 'mysql://x@y/z' });
    expect(status).toBe(1);
    expect(stderr).toContain('TROTTOIR_HTTP_PORT="eighty" is invalid: expected a whole number');
    expect(stderr).toContain('KAFKA_BROKERS="localhost" is invalid: expected host:port');
    expect(stderr).toContain('DATABASE_URL=<hidden> is invalid');
    expect(stderr).not.toContain('mysql://');
  });
});
