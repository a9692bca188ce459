/** The benchmark's output: a human table, then the one-line JSON summary (always the last line). */
export interface IngestBenchSummary {
  readingsPerSec: number;
  rawCopyPerSec: number;
  rawConsumePerSec: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  /** Pace of the latency phase that gave p50/p99: a fraction of `readingsPerSec` (default 0.8). */
  paceReadingsPerSec: number;
  rssMb: number;
  /** CPU (user + system) of the service process per reading stored in the saturated phase, µs. */
  serviceCpuUsPerReading: number;
  /** CPU of the whole machine (every process, all cores) per reading in the saturated phase, µs. */
  machineCpuUsPerReading: number;
  /** CPU of the whole machine per row of the bare COPY, µs. */
  rawCopyCpuUsPerRow: number;
  /** CPU of the pipeline's processes (service, broker, PostgreSQL, producer) per reading, µs: other users of the machine left out. */
  ownCpuUsPerReading: number;
  /** CPU of the bare COPY's processes (the bench's writer, PostgreSQL) per row, µs. */
  rawCopyOwnCpuUsPerRow: number;
  /**
   * rawCopyOwnCpuUsPerRow / ownCpuUsPerReading (the machine's figures when the processes are not ours to
   * read): issue 13's goal is ≥ 0.5, a reading costing at most two bare COPY rows.
   */
  cpuRatio: number;
}

export function printReport(rows: [string, string][], summary: IngestBenchSummary): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)} | ${value}`);
  console.log(JSON.stringify(summary));
}

export function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}
