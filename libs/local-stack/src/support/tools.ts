// Checks that the external tools the harness runs (java, mvn) are installed, with install advice if not.
import { spawnSync } from 'node:child_process';

import { MissingToolError } from '../infra.errors';

/** The tools the harness may run, with the Debian packages that provide each. */
export const TOOL_PACKAGES = {
  java: 'openjdk-17-jre-headless',
  mvn: 'maven',
} as const;

export type ToolName = keyof typeof TOOL_PACKAGES;

/** Tells whether a command can be run; injected in tests. */
export type ToolLookup = (tool: ToolName) => boolean;

/** Looks a tool up by running it with `-version`: ENOENT means it is not on the PATH. */
export const pathToolLookup: ToolLookup = (tool) => {
  const result = spawnSync(tool, ['-version'], { stdio: 'ignore', timeout: 30_000 });
  return result.error === undefined || (result.error as NodeJS.ErrnoException).code !== 'ENOENT';
};

/** The message for missing tools: names them and gives the exact install command. */
export function missingToolsMessage(missing: readonly ToolName[]): string {
  const packages = missing.map((tool) => TOOL_PACKAGES[tool]).join(' ');
  return (
    `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed, but the Kafka broker needs ` +
    `${missing.length === 1 ? 'it' : 'them'} (Java 17+ runs the broker, Maven fetches its jars once). ` +
    `Install with: apt-get install ${packages}`
  );
}

/** Throws a MissingToolError naming every tool of `tools` that cannot be run. */
export function requireTools(tools: readonly ToolName[], lookup: ToolLookup = pathToolLookup): void {
  const missing = tools.filter((tool) => !lookup(tool));
  if (missing.length > 0) throw new MissingToolError(missing, missingToolsMessage(missing));
}
