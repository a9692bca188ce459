// Monthly Linke turbidity (air mass 2) climatology, placeholder until the fit in test/validation/linke-fit.ts.
const NORTHERN_MID_LATITUDES: readonly number[] = [3, 3.2, 3.4, 3.6, 3.8, 3.9, 3.9, 3.8, 3.5, 3.2, 3, 2.9];

/** Linke turbidity for the month of `ts` at a latitude (southern hemisphere: the table shifted by six months). */
export function linkeTurbidityAt(ts: number, latitudeDeg: number): number {
  const month = new Date(ts).getUTCMonth();
  return NORTHERN_MID_LATITUDES[latitudeDeg >= 0 ? month : (month + 6) % 12];
}
