/** The rolling backtest's scores in memory, for unit specs: one record per evaluation time and horizon, as in forecast_skill. */
import type { HorizonScores } from '@trottoir/forecasting-domain';

import type { ForecastSkillLog } from '../backtest/forecast-skill-log.port';

export interface SkillRecord {
  readonly evaluatedAt: number;
  readonly scope: 'node';
  readonly scores: HorizonScores;
}

export class InMemoryForecastSkillLog implements ForecastSkillLog {
  readonly records: SkillRecord[] = [];

  async recordNodeScores(evaluatedAt: number, scores: readonly HorizonScores[]): Promise<void> {
    for (const horizon of scores) {
      const recorded = this.records.some((record) => record.evaluatedAt === evaluatedAt && record.scope === 'node' && record.scores.horizon === horizon.horizon);
      if (!recorded) this.records.push({ evaluatedAt, scope: 'node', scores: horizon });
    }
  }
}
