import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { InfraError } from './infra.errors';
import type { InfraState } from './infra-state';
import { readInfraState, stateFilePath, writeInfraState } from './infra-state';

describe('infra state file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-state-'));
    file = stateFilePath(path.join(dir, '.trottoir'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is empty when no file exists', () => {
    expect(readInfraState(file)).toEqual({});
  });

  it('reads back what was written', () => {
    const state: InfraState = {
      kafka: { brokers: '127.0.0.1:9092', managed: true, pid: 42, dataDir: '/d/kafka', logFile: '/d/kafka/server.log', version: '4.4.0' },
      postgres: { databaseUrl: 'postgres://u:p@127.0.0.1:5433/trottoir', managed: false },
    };
    writeInfraState(file, state);
    expect(readInfraState(file)).toEqual(state);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['infra.json']);
  });

  it('removes the file when nothing is left to record', () => {
    writeInfraState(file, { kafka: { brokers: 'b:1', managed: false } });
    writeInfraState(file, {});
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses invalid JSON with an error naming the file', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ not json');
    expect(() => readInfraState(file)).toThrow(InfraError);
    expect(() => readInfraState(file)).toThrow(file);
  });

  it('refuses JSON of the wrong shape', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ kafka: { brokers: 9092 } }));
    expect(() => readInfraState(file)).toThrow(/does not describe infrastructure state/);
  });
});
