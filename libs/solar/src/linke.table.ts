// Monthly Linke turbidity (air mass 2) climatology for western Europe, as a compact table.
// Source: derived in this repository from the PVGIS-SARAH typical meteorological year at 45 N 8 E, 250 m
// (PVGIS © European Union; file tmy_45.000_8.000_2005_2023.csv from pvlib-python's test data): each sunlit hour's
// DNI is inverted through Ineichen's beam formula and the month keeps its 10th percentile (its clear hours).
// Reproduce: node tools/scripts/run-ts.mjs test/validation/linke-fit.ts --percentile 10
// Values agree with the usual range of the SoDa/Remund climatology for the region (≈2.4 in winter, ≈3.5 in summer).
// Outside the mid-latitudes the table is a coarse stand-in: the southern hemisphere takes it six months shifted,
// the tropics take a constant summer value.
export const EUROPE_MONTHLY_LINKE: readonly number[] = [2.41, 2.77, 3.04, 3.4, 3.59, 3.51, 3.55, 3.52, 3.49, 3.14, 2.68, 2.43];
const TROPICAL_LINKE = 3.55;

/** Linke turbidity for the month of `ts` at a latitude. */
export function linkeTurbidityAt(ts: number, latitudeDeg: number): number {
  if (Math.abs(latitudeDeg) < 23.44) return TROPICAL_LINKE;
  const month = new Date(ts).getUTCMonth();
  return EUROPE_MONTHLY_LINKE[latitudeDeg >= 0 ? month : (month + 6) % 12];
}
