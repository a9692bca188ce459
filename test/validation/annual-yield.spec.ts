/**
 * A simulated year of flat tiles must land on the field yields of REFERENCES.md ("Solar road tiles in the real
 * world"): urban street ≈ 40, rural road ≈ 80–85, car park in a sunny climate ≈ 130 kWh per m² per year.
 * Weather: the PVGIS typical year at 45 N 8 E for the streets; a synthetic sunny year for the Réunion car park.
 * Tolerance: the mean of 8 segments (seeds) within ±10 % of the target (rural: ±5 % around the 80–85 band);
 * each single segment within ±25 % (its parked-car cover varies ±30 % by seed, as streets do).
 */
import { readTmy, TMY_LOCATION } from './datasets';
import { annualYieldKwhPerM2, REUNION_LOCATION, reunionYear } from './yield';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const tmy = readTmy();
const reunion = reunionYear();

const cases = [
  { kind: 'urban-street', weather: tmy, location: TMY_LOCATION, utcOffsetHours: 1, target: 40, meanBand: [36, 44] },
  { kind: 'rural-road', weather: tmy, location: TMY_LOCATION, utcOffsetHours: 1, target: 82.5, meanBand: [76, 89] },
  { kind: 'car-park', weather: reunion, location: REUNION_LOCATION, utcOffsetHours: 4, target: 130, meanBand: [117, 143] },
] as const;

describe('annual yield of flat tiles per segment kind', () => {
  it.each(cases)('$kind lands on its field yield ($target kWh/m²/yr)', ({ kind, weather, location, utcOffsetHours, target, meanBand }) => {
    const yields = SEEDS.map((seed) => annualYieldKwhPerM2(weather, location, kind, seed, utcOffsetHours).withLossesKwhPerM2);
    const mean = yields.reduce((s, v) => s + v, 0) / yields.length;
    expect(mean).toBeGreaterThanOrEqual(meanBand[0]);
    expect(mean).toBeLessThanOrEqual(meanBand[1]);
    for (const value of yields) {
      expect(value).toBeGreaterThan(target * 0.75);
      expect(value).toBeLessThan(target * 1.25);
    }
  });

  it('without tile losses, flat tiles at 45 N make 1,000–1,250 kWh per kWp: below a tilted roof (1,250–1,290)', () => {
    const { bareKwhPerM2 } = annualYieldKwhPerM2(tmy, TMY_LOCATION, 'rural-road', 1);
    const kwhPerKwp = bareKwhPerM2 / 0.15;
    expect(kwhPerKwp).toBeGreaterThan(1000);
    expect(kwhPerKwp).toBeLessThan(1250);
  });

  it('reads a full typical year whose GHI is that of the Po valley (1,300–1,550 kWh/m²)', () => {
    expect(tmy).toHaveLength(8760);
    const ghiKwhPerM2 = tmy.reduce((s, h) => s + h.ghiWm2, 0) / 1000;
    expect(ghiKwhPerM2).toBeGreaterThan(1300);
    expect(ghiKwhPerM2).toBeLessThan(1550);
  });
});
