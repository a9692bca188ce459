// Runs the embedded PostgreSQL binaries for real; as root they run as the unprivileged `postgres` user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

import { findFreePorts } from '../support/ports';
import { silentProgress } from '../support/progress';
import { isProcessAlive } from '../support/processes';
import type { EmbeddedPostgres } from './embedded-postgres';
import { startPostgres } from './embedded-postgres';
import { postgresAnswers } from './postgres-probe';

function processUid(pid: number): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'));
  return Number((line ?? '').split(/\s+/)[1]);
}

describe('startPostgres (real server)', () => {
  let dir: string;
  let server: EmbeddedPostgres;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-int-'));
    const [port] = await findFreePorts(1);
    server = await startPostgres({ dataDir: dir, port: port as number, database: 'trottoir_int', progress: silentProgress });
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers select version() on the requested database', async () => {
    const client = new Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: string; db: string }>('select version() as version, current_database() as db');
      expect(rows[0]?.version).toMatch(/^PostgreSQL 15\./);
      expect(rows[0]?.db).toBe('trottoir_int');
    } finally {
      await client.end();
    }
  });

  it('runs the server as an unprivileged user, never root', () => {
    if (process.getuid?.() === 0) expect(processUid(server.pid)).not.toBe(0);
    else expect(processUid(server.pid)).toBe(process.getuid?.());
  });

  it('stops with a fast shutdown', async () => {
    await server.stop();
    expect(isProcessAlive(server.pid)).toBe(false);
    expect(await postgresAnswers(server.databaseUrl)).toBe(false);
  });
});
