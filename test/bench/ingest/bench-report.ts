/** The benchmark's output: a human table, then the one-line JSON summary (always the last line). */
export interface IngestBenchSummary {
  readingsPerSec: number;
  rawCopyPerSec: number;
  rawConsumePerSec: number;
  ratio: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
}

export function printReport(rows: [string, string][], summary: IngestBenchSummary): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)} | ${value}`);
  console.log(JSON.stringify(summary));
}

export function fmt(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}
