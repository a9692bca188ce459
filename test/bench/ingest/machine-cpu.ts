/** Busy and total CPU time of the whole machine from /proc/stat, to say how loaded the cores were in a phase. */
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
