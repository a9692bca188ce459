// infraUp / infraStatus / infraDown end to end, with detached servers on free ports in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { infraDown, infraStatus, infraUp } from './infra';
import { readInfraState, stateFilePath } from './infra-state';
import { findFreePorts } from './support/ports';
import { silentProgress } from './support/progress';
import { isProcessAlive } from './support/processes';

describe('infraUp / infraStatus / infraDown', () => {
  let infraDir: string;

  beforeAll(() => {
    infraDir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-up-int-'));
    // The PostgreSQL user must traverse it to reach <infraDir>/postgres.
    fs.chmodSync(infraDir, 0o755);
  });

  afterAll(async () => {
    await infraDown({ infraDir, progress: silentProgress });
    fs.rmSync(infraDir, { recursive: true, force: true });
  });

  it('starts both servers detached, records them, reports them and stops them', async () => {
    const [kafkaPort, , postgresPort] = await findFreePorts(3);
    const readyCalls: string[] = [];
    const up = await infraUp({
      infraDir,
      kafkaPort: kafkaPort as number,
      postgresPort: postgresPort as number,
      env: {},
      progress: silentProgress,
      onKafkaReady: async (brokers) => void readyCalls.push(brokers),
    });
    expect(up.brokers).toBe(`127.0.0.1:${kafkaPort}`);
    expect(up.databaseUrl).toBe(`postgres://postgres:trottoir@127.0.0.1:${postgresPort}/trottoir`);
    expect(readyCalls).toEqual([up.brokers]);
    expect(readInfraState(stateFilePath(infraDir))).toEqual(up.state);

    const status = await infraStatus({ infraDir });
    expect(status.map((s) => [s.component, s.state])).toEqual([
      ['kafka', 'running'],
      ['postgres', 'running'],
    ]);

    const { stopped } = await infraDown({ infraDir, progress: silentProgress });
    expect(stopped).toHaveLength(2);
    expect(isProcessAlive(up.state.kafka?.pid as number)).toBe(false);
    expect(isProcessAlive(up.state.postgres?.pid as number)).toBe(false);
    expect((await infraStatus({ infraDir })).map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });
});
