// Clear-sky periods in 1-minute GHI, after Reno & Hansen (2016, "Identification of periods of clear sky irradiance
// in time series of GHI measurements", Renewable Energy 90): five criteria on sliding 10-minute windows comparing
// the measured curve with a clear-sky curve (pvlib's defaults), with the clear-sky curve rescaled by a factor α
// fitted on the clear points (iterated, as pvlib does) so that a model bias does not hide clear periods.

export interface ClearCriteria {
  windowLength: number;
  meanDiffWm2: number;
  maxDiffWm2: number;
  lowerLineLength: number;
  upperLineLength: number;
  varDiff: number;
  slopeDevWm2: number;
}

export const RENO_HANSEN_DEFAULTS: ClearCriteria = {
  windowLength: 10,
  meanDiffWm2: 75,
  maxDiffWm2: 75,
  lowerLineLength: -5,
  upperLineLength: 10,
  varDiff: 0.005,
  slopeDevWm2: 8,
};

function lineLength(values: readonly number[], from: number, to: number): number {
  let length = 0;
  for (let i = from + 1; i < to; i++) length += Math.hypot(values[i] - values[i - 1], 1);
  return length;
}

function windowPasses(measured: readonly number[], clear: readonly number[], from: number, c: ClearCriteria): boolean {
  const to = from + c.windowLength;
  let sumM = 0;
  let sumC = 0;
  let maxM = -Infinity;
  let maxC = -Infinity;
  for (let i = from; i < to; i++) {
    sumM += measured[i];
    sumC += clear[i];
    maxM = Math.max(maxM, measured[i]);
    maxC = Math.max(maxC, clear[i]);
  }
  const n = c.windowLength;
  if (Math.abs(sumM / n - sumC / n) >= c.meanDiffWm2 || Math.abs(maxM - maxC) >= c.maxDiffWm2) return false;
  const lineDiff = lineLength(measured, from, to) - lineLength(clear, from, to);
  if (lineDiff <= c.lowerLineLength || lineDiff >= c.upperLineLength) return false;
  const slopes: number[] = [];
  let maxSlopeDev = 0;
  for (let i = from + 1; i < to; i++) {
    slopes.push(measured[i] - measured[i - 1]);
    maxSlopeDev = Math.max(maxSlopeDev, Math.abs(measured[i] - measured[i - 1] - (clear[i] - clear[i - 1])));
  }
  const meanSlope = slopes.reduce((s, v) => s + v, 0) / slopes.length;
  const std = Math.sqrt(slopes.reduce((s, v) => s + (v - meanSlope) ** 2, 0) / (slopes.length - 1));
  return std / (sumM / n) < c.varDiff && maxSlopeDev < c.slopeDevWm2;
}

/** Flags each minute (1-minute, gap-free series) as clear; returns the flags and the fitted α. */
export function detectClearSky(measured: readonly number[], clear: readonly number[], criteria = RENO_HANSEN_DEFAULTS): { clear: boolean[]; alpha: number } {
  let alpha = 1;
  let flags: boolean[] = new Array(measured.length).fill(false);
  for (let iteration = 0; iteration < 20; iteration++) {
    const scaled = clear.map((v) => v * alpha);
    flags = new Array(measured.length).fill(false);
    for (let from = 0; from + criteria.windowLength <= measured.length; from++) {
      if (windowPasses(measured, scaled, from, criteria)) for (let i = from; i < from + criteria.windowLength; i++) flags[i] = true;
    }
    let num = 0;
    let den = 0;
    flags.forEach((isClear, i) => {
      if (isClear) {
        num += measured[i] * clear[i];
        den += clear[i] * clear[i];
      }
    });
    const next = den > 0 ? num / den : alpha;
    if (Math.abs(next - alpha) < 1e-4) return { clear: flags, alpha: next };
    alpha = next;
  }
  return { clear: flags, alpha };
}
