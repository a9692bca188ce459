/** The measured history in memory, for unit specs: what the telemetry_15m rollup would hold, read as PgRollupHistory reads it. */
import type { QuarterHourObservation } from '@trottoir/forecasting-domain';

import { historyWindows } from '../cycle/measured-history.port';
import type { MeasuredHistory } from '../cycle/measured-history.port';

export class InMemoryRollupHistory implements MeasuredHistory {
  private readonly rows: QuarterHourObservation[] = [];

  /** Adds measured quarter-hours, as ingestion's rollup would. */
  record(observations: readonly QuarterHourObservation[]): void {
    this.rows.push(...observations);
  }

  async read(fromTs: number, toTs: number, onChunk: (observations: QuarterHourObservation[]) => void | Promise<void>): Promise<number> {
    let total = 0;
    for (const [chunkFrom, chunkTo] of historyWindows(fromTs, toTs)) {
      const chunk = this.rows
        .filter((row) => row.ts >= chunkFrom && row.ts < chunkTo)
        .sort((a, b) => a.ts - b.ts || (a.segmentId < b.segmentId ? -1 : a.segmentId > b.segmentId ? 1 : 0));
      if (chunk.length === 0) continue;
      total += chunk.length;
      await onChunk(chunk);
    }
    return total;
  }
}
