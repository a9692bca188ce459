/** CPU time of the whole machine and of the bench's processes from /proc, to say who loaded the cores in a phase. */
import fs from 'node:fs';

export interface CpuTimes {
  busy: number;
  total: number;
}

export function machineCpu(): CpuTimes {
  const [, ...values] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = values.map(Number);
  const idle = ticks[3] + ticks[4];
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy between two readings, 0–1. */
export function busyShare(from: CpuTimes, to: CpuTimes): number {
  return (to.busy - from.busy) / Math.max(to.total - from.total, 1);
}

/**
 * User + system CPU seconds of a process and its live descendants (PostgreSQL's backends under the
 * postmaster, whatever wrapper started it), from /proc/<pid>/stat at 100 ticks per second.
 */
export function processTreeCpuSeconds(rootPid: number | undefined): number {
  if (rootPid === undefined) return Number.NaN;
  const processes: { pid: number; ppid: number; ticks: number }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      processes.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const inTree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of processes) if (!inTree.has(p.pid) && inTree.has(p.ppid)) grew = inTree.add(p.pid) !== undefined;
  }
  return processes.filter((p) => inTree.has(p.pid)).reduce((sum, p) => sum + p.ticks, 0) / 100;
}
