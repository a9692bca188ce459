/** The rolling backtest's scores in PostgreSQL (forecast_skill): the ForecastSkillLog of the live backtest. */
import type { HorizonScores } from '@trottoir/forecasting-domain';
import type { Queryable } from '@trottoir/persistence';

import type { ForecastSkillLog } from '../backtest/forecast-skill-log.port';

export class PgForecastSkillLog implements ForecastSkillLog {
  constructor(private readonly db: Queryable) {}

  async recordNodeScores(evaluatedAt: number, scores: readonly HorizonScores[]): Promise<void> {
    for (const horizon of scores) {
      await this.db.query(
        `insert into forecast_skill (evaluated_at, scope, horizon, n, mae_w, rmse_w, nmae, skill_vs_smart_persistence, skill_vs_climatology, pinball_w, coverage_p10_p90)
         values ($1, 'node', $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict do nothing`,
        [new Date(evaluatedAt), horizon.horizon, horizon.n, horizon.mae, horizon.rmse, horizon.nmae, nanToNull(horizon.skillVsSmartPersistence), nanToNull(horizon.skillVsClimatology), horizon.pinball, horizon.coverageP10P90],
      );
    }
  }
}

/** A skill without a reference error (NaN) is stored as unknown. */
function nanToNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
