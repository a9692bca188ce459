import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { isProcessAlive, tailFile, terminate } from './processes';

describe('terminate', () => {
  it('stops a process with SIGTERM and waits until it is gone', async () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    const pid = child.pid as number;
    expect(isProcessAlive(pid, 'sleep')).toBe(true);
    expect(isProcessAlive(pid, 'kafka.Kafka')).toBe(false);
    await terminate(pid, 5_000);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('falls back to SIGKILL when SIGTERM is ignored', async () => {
    const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => undefined); setInterval(() => undefined, 1000)"], {
      stdio: 'ignore',
    });
    const pid = child.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await terminate(pid, 300);
    expect(isProcessAlive(pid)).toBe(false);
  });
});

describe('tailFile', () => {
  it('returns the last lines, or says the file is missing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tail-'));
    try {
      const file = path.join(dir, 'server.log');
      fs.writeFileSync(file, 'a\nb\nc\nd\n');
      expect(tailFile(file, 2)).toBe('c\nd');
      expect(tailFile(path.join(dir, 'none.log'))).toBe('(no such file)');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
