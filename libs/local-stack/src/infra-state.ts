// The state file `<repo>/.trottoir/infra.json`: what `trottoir infra up` started (pids, ports, dirs),
// so that `infra down` and `infra status` work from another process.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { InfraError } from './infra.errors';

const kafkaStateSchema = z.object({
  brokers: z.string(),
  /** false: an external broker ($KAFKA_BROKERS) that we neither started nor stop. */
  managed: z.boolean(),
  pid: z.number().int().optional(),
  dataDir: z.string().optional(),
  logFile: z.string().optional(),
  version: z.string().optional(),
  /** The nodes of a cluster (`infra up --brokers 3`); absent for a single broker, whose pid is `pid`. */
  nodes: z.array(z.object({ nodeId: z.number().int(), pid: z.number().int(), dataDir: z.string(), logFile: z.string() })).optional(),
});

const postgresStateSchema = z.object({
  databaseUrl: z.string(),
  managed: z.boolean(),
  pid: z.number().int().optional(),
  dataDir: z.string().optional(),
  logFile: z.string().optional(),
});

const infraStateSchema = z.object({
  kafka: kafkaStateSchema.optional(),
  postgres: postgresStateSchema.optional(),
});

export type KafkaState = z.infer<typeof kafkaStateSchema>;
export type PostgresState = z.infer<typeof postgresStateSchema>;
export type InfraState = z.infer<typeof infraStateSchema>;

export function stateFilePath(infraDir: string): string {
  return path.join(infraDir, 'infra.json');
}

/** The recorded state; empty when no file exists. A corrupt file is an error that names it. */
export function readInfraState(file: string): InfraState {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InfraError(`${file} is not valid JSON; delete it once the servers it lists are stopped`);
  }
  const parsed = infraStateSchema.safeParse(json);
  if (!parsed.success) {
    throw new InfraError(`${file} does not describe infrastructure state (${parsed.error.issues[0]?.message}); delete it once the servers it lists are stopped`);
  }
  return parsed.data;
}

/** Writes the state atomically (temp file + rename); an empty state removes the file. */
export function writeInfraState(file: string, state: InfraState): void {
  if (state.kafka === undefined && state.postgres === undefined) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, file);
}
