// Error figures of a model against reference values: mean bias, RMSE and RMSE normalised by the reference mean.
export interface ErrorFigures {
  n: number;
  meanReference: number;
  mbe: number;
  rmse: number;
  /** RMSE ÷ mean of the reference, fraction. */
  nrmse: number;
  /** MBE ÷ mean of the reference, fraction. */
  nmbe: number;
}

export function errorFigures(model: readonly number[], reference: readonly number[]): ErrorFigures {
  const n = model.length;
  let bias = 0;
  let squares = 0;
  let sumRef = 0;
  for (let i = 0; i < n; i++) {
    bias += model[i] - reference[i];
    squares += (model[i] - reference[i]) ** 2;
    sumRef += reference[i];
  }
  const meanReference = sumRef / n;
  const mbe = bias / n;
  const rmse = Math.sqrt(squares / n);
  return { n, meanReference, mbe, rmse, nrmse: rmse / meanReference, nmbe: mbe / meanReference };
}
