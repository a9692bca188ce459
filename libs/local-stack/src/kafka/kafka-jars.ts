// Resolves the official Apache Kafka jars from Maven Central with mvn, once, into a per-version cache.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { InfraError } from '../infra.errors';
import type { Progress } from '../support/progress';
import { cacheDir } from '../support/repo-paths';
import { requireTools } from '../support/tools';

/** The newest Kafka 4.x that Maven Central serves here and that runs on Java 17. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

const SLF4J_VERSION = '2.0.17';
const LOG4J_VERSION = '2.25.5';
const MARKER = 'resolved.ok';

/**
 * A throwaway pom whose runtime dependencies are the broker's classpath. kafka_2.13 alone brings
 * slf4j 1.7 without a binding, so the broker would log nothing: slf4j 2 with its log4j2 binding is
 * added, as the official distribution ships them.
 */
export function renderResolverPom(version: string): string {
  const dependency = (groupId: string, artifactId: string, v: string): string =>
    `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${v}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.trottoir.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('org.apache.kafka', 'kafka_2.13', version)}
${dependency('org.slf4j', 'slf4j-api', SLF4J_VERSION)}
${dependency('org.apache.logging.log4j', 'log4j-slf4j2-impl', LOG4J_VERSION)}
  </dependencies>
</project>
`;
}

/** `<cache>/kafka/<version>`: the pom, the marker and the `libs` directory of jars. */
export function kafkaVersionDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheDir(env), 'kafka', version);
}

function run(command: string, args: string[], cwd: string, logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(command, args, { cwd, stdio: ['ignore', out, out] });
    child.once('error', reject);
    child.once('exit', (code) => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new InfraError(`${command} ${args.join(' ')} failed (exit ${code}); see ${logFile}`));
    });
  });
}

/**
 * The directory holding every jar the broker needs, resolving it with mvn on first use. Jars are
 * copied into a private directory and renamed into place, so two processes resolving at once
 * (the test global setup and a spec) never see half a classpath.
 */
export async function resolveKafkaJars(version: string, progress: Progress): Promise<string> {
  const versionDir = kafkaVersionDir(version);
  const libsDir = path.join(versionDir, 'libs');
  if (fs.existsSync(path.join(versionDir, MARKER)) && fs.existsSync(libsDir)) return libsDir;

  requireTools(['mvn']);
  progress(`resolving Kafka ${version} jars from Maven Central into ${libsDir} (first run only)…`);
  fs.mkdirSync(versionDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(versionDir, 'resolve-'));
  try {
    fs.writeFileSync(path.join(workDir, 'pom.xml'), renderResolverPom(version));
    const stagedLibs = path.join(workDir, 'libs');
    await run(
      'mvn',
      ['-q', '-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${stagedLibs}`],
      workDir,
      path.join(versionDir, 'mvn.log'),
    );
    if (!fs.existsSync(path.join(stagedLibs, `kafka_2.13-${version}.jar`))) {
      throw new InfraError(`mvn finished but kafka_2.13-${version}.jar is missing from ${stagedLibs}`);
    }
    // Another process may have finished first while mvn ran: keep its jars, a JVM may be using them.
    if (fs.existsSync(path.join(versionDir, MARKER))) return libsDir;
    fs.rmSync(libsDir, { recursive: true, force: true });
    fs.renameSync(stagedLibs, libsDir);
    fs.writeFileSync(path.join(versionDir, MARKER), `${new Date().toISOString()}\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return libsDir;
}
