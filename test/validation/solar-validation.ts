// Validation report of @trottoir/solar against the reference data in /work/shared/data (or $TROTTOIR_DATA_DIR).
// Run: node tools/scripts/run-ts.mjs test/validation/solar-validation.ts [--help]
import { pvgisPower, pvgisSunHeight, RSF_ALL_DAYS, RSF_CLEAN_DAYS, rsfDcPower, surfradClearSky, surfradPerezSplit, tmyYields } from './validation.cases';
import type { ValidationResult } from './validation.cases';
import { annualYieldKwhPerM2, REUNION_LOCATION, reunionYear } from './yield';
import { readTmy, TMY_LOCATION } from './datasets';

const HELP = `usage: node tools/scripts/run-ts.mjs test/validation/solar-validation.ts [--help]

Compares the solar model of libs/solar with the reference data in /work/shared/data (override with
TROTTOIR_DATA_DIR) and prints a table of error figures (MBE, RMSE, nRMSE = RMSE / mean of the reference):
  - PVGIS hourly P for its declared 10 kWp CIS two-axis system, from PVGIS's own G(i), T2m, WS10m;
  - PVGIS sun height H_sun against the SPA apparent elevation;
  - NREL RSF II measured DC power from its measured POA and module temperature (all days; 4–5 January only);
  - SURFRAD Alamosa measured GHI in clear minutes (Reno & Hansen criteria) against the Ineichen clear sky
    (pvlib's default, no Perez enhancement; then with it), then split by sun elevation (10–20°, ≥ 20°) without
    and with the Perez enhancement, both scored on the minutes that are clear under both curves;
  - the PVGIS typical year as weather: yearly energy of a 30° rack and of flat tiles, per segment kind.`;


function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function row(result: ValidationResult): string {
  const f = result.figures;
  return `| ${result.name} | ${f.n} | ${fmt(f.meanReference)} ${result.unit} | ${fmt(f.mbe, 2)} | ${fmt(f.rmse, 2)} | ${fmt(100 * f.nmbe)} % | ${fmt(100 * f.nrmse)} % | ${result.note} |`;
}

/** SURFRAD by sun elevation, Perez enhancement off (pvlib's default) and on, for both Linke choices of the table above. */
function printPerezSplit(): void {
  console.log('\n| Linke | Perez enhancement | sun elevation | n | mean measured | MBE | RMSE | nMBE | nRMSE |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  const counts: string[] = [];
  for (const linkeTurbidity of [undefined, 2]) {
    const split = surfradPerezSplit({ linkeTurbidity });
    counts.push(`${split.minutes} (Linke ${linkeTurbidity ?? 'climatology'})`);
    for (const { perezEnhancement, band, figures: f } of split.rows) {
      console.log(
        `| ${linkeTurbidity ?? 'climatology'} | ${perezEnhancement ? 'on' : 'off (default)'} | ${band} | ${f.n} | ${fmt(f.meanReference)} W/m² | ${fmt(f.mbe, 2)} | ${fmt(f.rmse, 2)} | ${fmt(100 * f.nmbe)} % | ${fmt(100 * f.nrmse)} % |`,
      );
    }
  }
  console.log(`\nSplit scored on the minutes clear under both settings: ${counts.join(', ')}.`);
}

function main(): void {
  if (process.argv.includes('--help')) {
    console.log(HELP);
    return;
  }
  const surfrad = surfradClearSky();
  const results = [
    pvgisPower(),
    pvgisSunHeight(),
    rsfDcPower(RSF_ALL_DAYS),
    rsfDcPower(RSF_CLEAN_DAYS),
    surfrad,
    surfradClearSky({ linkeTurbidity: 2 }),
    surfradClearSky({ perezEnhancement: true }),
    surfradClearSky({ linkeTurbidity: 2, perezEnhancement: true }),
  ];
  console.log('| case | n | mean reference | MBE | RMSE | nMBE | nRMSE | note |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const result of results) console.log(row(result));
  console.log(`\nSURFRAD: ${surfrad.clearMinutes} clear minutes kept (zenith ≤ 80°, QC flags 0); fitted clear-sky scale α = ${fmt(surfrad.alpha, 3)} (default settings).`);
  printPerezSplit();

  const tmy = tmyYields();
  console.log(`\nPVGIS typical year 45N 8E as weather: GHI ${fmt(tmy.ghiKwhPerM2, 0)} kWh/m²/yr; 1 kWp rack 30° south ${fmt(tmy.rackKwhPerKwp, 0)} kWh/kWp/yr;`);
  console.log(`flat tiles (${fmt(tmy.flatTileKwhPerM2 / 0.15, 0)} kWh/kWp) ${fmt(tmy.flatTileKwhPerM2)} kWh/m²/yr before tile losses.`);
  const weather = readTmy();
  const reunion = reunionYear();
  console.log('\n| segment kind | weather | kWh/m²/yr with tile losses, seeds 1–8 | mean |');
  console.log('|---|---|---|---|');
  for (const kind of ['urban-street', 'rural-road', 'car-park'] as const) {
    const sunny = kind === 'car-park';
    const yields = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (seed) => annualYieldKwhPerM2(sunny ? reunion : weather, sunny ? REUNION_LOCATION : TMY_LOCATION, kind, seed, sunny ? 4 : 1).withLossesKwhPerM2,
    );
    const mean = yields.reduce((s, v) => s + v, 0) / yields.length;
    console.log(`| ${kind} | ${sunny ? 'synthetic Réunion year' : 'PVGIS TMY 45N 8E'} | ${yields.map((y) => fmt(y, 0)).join(' ')} | ${fmt(mean)} |`);
  }
}

main();
