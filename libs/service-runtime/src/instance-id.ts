/**
 * This process's name in the cluster: the holder of a lease, the suffix of its per-instance consumer
 * groups. `TROTTOIR_INSTANCE_ID` when given (a pod name: a restarted container then finds its groups
 * again); else host name and process id, which differ between two processes on one machine (two
 * processes with one id would share a per-instance group and each read only part of the fleet).
 */
import os from 'node:os';

export const INSTANCE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function defaultInstanceId(): string {
  return `${os.hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
}
