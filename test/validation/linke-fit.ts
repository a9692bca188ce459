// Derives the monthly Linke turbidity table of libs/solar/src/linke.table.ts from the PVGIS typical year at
// 45 N 8 E: each sunlit hour's DNI is inverted through Ineichen's beam formula
// DNI = I0 · b · exp(−0.09 · AM · (TL − 1)), and the month keeps a low percentile (the clear hours).
// Run: node tools/scripts/run-ts.mjs test/validation/linke-fit.ts [--percentile 10]
import { absoluteAirMass, extraterrestrialWm2, pressureFromElevationHpa, relativeAirMass, sunPosition } from '@trottoir/solar';

import { readTmy, TMY_LOCATION } from './datasets';

export function fitMonthlyLinke(percentile: number): number[] {
  const byMonth: number[][] = Array.from({ length: 12 }, () => []);
  const fh1 = Math.exp(-TMY_LOCATION.elevationM / 8000);
  const b = 0.664 + 0.163 / fh1;
  const pressureHpa = pressureFromElevationHpa(TMY_LOCATION.elevationM);
  for (const hour of readTmy()) {
    const sun = sunPosition(hour.ts, TMY_LOCATION);
    if (sun.apparentElevationDeg < 15 || hour.dniWm2 < 50) continue;
    const airMass = absoluteAirMass(relativeAirMass(sun.apparentZenithDeg), pressureHpa);
    const linke = 1 + Math.log((b * extraterrestrialWm2(hour.ts)) / hour.dniWm2) / (0.09 * airMass);
    byMonth[new Date(hour.ts).getUTCMonth()].push(linke);
  }
  return byMonth.map((values) => {
    const sorted = values.sort((x, y) => x - y);
    return Math.round(sorted[Math.floor((sorted.length - 1) * (percentile / 100))] * 100) / 100;
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('usage: linke-fit.ts [--percentile P]  (default 10): prints the monthly Linke turbidity fitted on the PVGIS TMY');
    process.exit(0);
  }
  const at = args.indexOf('--percentile');
  const percentile = at >= 0 ? Number(args[at + 1]) : 10;
  console.log(JSON.stringify(fitMonthlyLinke(percentile)));
}
