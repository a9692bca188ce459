// Process helpers for the servers the harness starts detached: liveness, graceful stop, log tails.
import fs from 'node:fs';

/**
 * Whether `pid` runs and is not a zombie; with `commandIncludes`, also whether its command line
 * contains that text, so that a pid recorded before a reboot and reused by another program is not
 * mistaken for our server.
 */
export function isProcessAlive(pid: number, commandIncludes?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    if (commandIncludes === undefined) return true;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(commandIncludes);
  } catch {
    // No /proc (not Linux): the signal test above is all we can do.
    return true;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `pid` has gone; false if it still runs after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`; resolves once it is gone. */
export async function terminate(pid: number, graceMs = 30_000): Promise<void> {
  if (!isProcessAlive(pid)) return;
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}

/** Sends `sig` to `pid` when this Node process exits, for servers tied to the current process. */
export function signalOnExit(pid: number, sig: NodeJS.Signals): () => void {
  const hook = (): void => signal(pid, sig);
  process.once('exit', hook);
  return () => process.off('exit', hook);
}

/** The last `lines` lines of a log file, or a note that it does not exist (yet). */
export function tailFile(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n') || '(empty)';
  } catch {
    return '(no such file)';
  }
}
