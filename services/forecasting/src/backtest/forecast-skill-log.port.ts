/**
 * Where the rolling backtest writes its scores, one record per evaluation time and horizon (a record
 * already there is left as it was). Adapters: PgForecastSkillLog (forecast_skill),
 * InMemoryForecastSkillLog (unit specs).
 */
import type { HorizonScores } from '@trottoir/forecasting-domain';

export const FORECAST_SKILL_LOG = Symbol('ForecastSkillLog');

export interface ForecastSkillLog {
  /** Records the grid-node scores of one evaluation, one per horizon. */
  recordNodeScores(evaluatedAt: number, scores: readonly HorizonScores[]): Promise<void>;
}
