/**
 * Scores of one horizon over a backtest: MAE, RMSE, nMAE (÷ peak power), skill against smart
 * persistence and climatology (1 − RMSE ÷ RMSE of the reference), pinball loss (mean over the
 * quantile levels) and the share of measurements inside P10–P90. Powers in W.
 */

export interface HorizonScores {
  horizon: string;
  n: number;
  mae: number;
  rmse: number;
  nmae: number;
  skillVsSmartPersistence: number;
  skillVsClimatology: number;
  pinball: number;
  coverageP10P90: number;
}

export class HorizonAccumulator {
  private n = 0;
  private absError = 0;
  private squaredError = 0;
  private squaredPersistence = 0;
  private squaredClimatology = 0;
  private pinball = 0;
  private inside = 0;

  constructor(
    readonly horizon: string,
    private readonly levels: readonly number[],
  ) {}

  /** One target: measured, the forecast quantiles (ascending levels), its point forecast and the references'. */
  add(measuredW: number, quantilesW: ArrayLike<number>, pointW: number, persistenceW: number, climatologyW: number): void {
    this.n++;
    this.absError += Math.abs(pointW - measuredW);
    this.squaredError += (pointW - measuredW) ** 2;
    this.squaredPersistence += (persistenceW - measuredW) ** 2;
    this.squaredClimatology += (climatologyW - measuredW) ** 2;
    let loss = 0;
    for (let k = 0; k < this.levels.length; k++) loss += pinballLoss(measuredW, quantilesW[k], this.levels[k]);
    this.pinball += loss / this.levels.length;
    const low = quantilesW[this.levels.indexOf(0.1)];
    const high = quantilesW[this.levels.indexOf(0.9)];
    if (measuredW >= low && measuredW <= high) this.inside++;
  }

  scores(peakPowerW: number): HorizonScores {
    const n = this.n;
    const rmse = Math.sqrt(this.squaredError / n);
    const skill = (reference: number): number => (reference > 0 ? 1 - rmse / Math.sqrt(reference / n) : Number.NaN);
    return {
      horizon: this.horizon,
      n,
      mae: round(this.absError / n, 1),
      rmse: round(rmse, 1),
      nmae: round(this.absError / n / peakPowerW, 4),
      skillVsSmartPersistence: round(skill(this.squaredPersistence), 3),
      skillVsClimatology: round(skill(this.squaredClimatology), 3),
      pinball: round(this.pinball / n, 1),
      coverageP10P90: round(this.inside / n, 3),
    };
  }
}

/** Pinball (quantile) loss of a quantile forecast `q` at level `tau` for outcome `y`. */
export function pinballLoss(y: number, q: number, tau: number): number {
  return y >= q ? (y - q) * tau : (q - y) * (1 - tau);
}

function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
