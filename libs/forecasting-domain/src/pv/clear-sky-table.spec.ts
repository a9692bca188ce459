import fc from 'fast-check';

import { buildClearSkyTable, distinctSites, extendClearSkyTable, tableStepOf } from './clear-sky-table';
import type { PvSite } from './clear-sky-table';

const LYON = { latitudeDeg: 45.76, longitudeDeg: 4.83, elevationM: 170, tiltDeg: 0, azimuthDeg: 180 };

describe('clear-sky table', () => {
  it('groups segments by rounded location, tilt and azimuth', () => {
    const { sites, siteOf } = distinctSites([LYON, { ...LYON, latitudeDeg: 45.7601 }, { ...LYON, tiltDeg: 20 }, { ...LYON, latitudeDeg: 45.9 }]);
    expect(sites).toHaveLength(3);
    expect([...siteOf]).toEqual([0, 0, 1, 2]);
  });

  it('is zero at night, positive at noon and below 1 W/Wp for flat tiles', () => {
    const start = Date.UTC(2026, 5, 21, 0);
    const table = buildClearSkyTable([LYON], start, 900_000, 96);
    const midnight = tableStepOf(table, start);
    const noon = tableStepOf(table, Date.UTC(2026, 5, 21, 11, 45));
    expect(table.acWPerWp[midnight]).toBe(0);
    expect(table.elevationDeg[midnight]).toBeLessThan(0);
    expect(table.acWPerWp[noon]).toBeGreaterThan(0.6);
    expect(table.acWPerWp[noon]).toBeLessThan(1);
    expect(table.elevationDeg[noon]).toBeGreaterThan(60);
    expect(tableStepOf(table, start + 96 * 900_000)).toBe(-1);
  });

  it("follows the clear sky's default (pvlib's: no Perez enhancement) and applies the enhancement on request, most at low sun", () => {
    const start = Date.UTC(2026, 11, 21, 0);
    const byDefault = buildClearSkyTable([LYON], start, 900_000, 96);
    expect(buildClearSkyTable([LYON], start, 900_000, 96, { perezEnhancement: false })).toEqual(byDefault);
    const enhanced = buildClearSkyTable([LYON], start, 900_000, 96, { perezEnhancement: true });
    const gain = (ts: number): number => enhanced.ghiWm2[tableStepOf(enhanced, ts)] / byDefault.ghiWm2[tableStepOf(byDefault, ts)];
    const noon = Date.UTC(2026, 11, 21, 11, 30);
    const morning = Date.UTC(2026, 11, 21, 8, 0);
    // Winter solstice in Lyon: the sun is ≈ 21° high at noon (AM ≈ 2.8: e^(0.01·AM^1.8) ≈ 1.06) and ≈ 6° at 08:00 (≈ 1.6).
    expect(gain(noon)).toBeGreaterThan(1.04);
    expect(gain(noon)).toBeLessThan(1.08);
    expect(gain(morning)).toBeGreaterThan(gain(noon));
    expect(enhanced.acWPerWp[tableStepOf(enhanced, noon)]).toBeGreaterThan(byDefault.acWPerWp[tableStepOf(byDefault, noon)]);
    expect(enhanced.elevationDeg).toEqual(byDefault.elevationDeg);
  });
});

describe('extendClearSkyTable', () => {
  const sites: PvSite[] = [
    { latitudeDeg: 45.76, longitudeDeg: 4.84, elevationM: 170, tiltDeg: 0, azimuthDeg: 180 },
    { latitudeDeg: 43.3, longitudeDeg: 5.37, elevationM: 20, tiltDeg: 20, azimuthDeg: 160 },
  ];
  const T0 = Date.UTC(2026, 2, 20, 5, 0);

  it('equals the table built whole, bit for bit, whatever the previous table covered (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: -5, max: 40 }), fc.integer({ min: 1, max: 30 }), (from, steps, shift, nextSteps) => {
        const previous = buildClearSkyTable(sites, T0 + from * 900_000, 900_000, steps);
        const startTs = T0 + (from + shift) * 900_000;
        const extended = extendClearSkyTable(previous, sites, startTs, 900_000, nextSteps);
        const whole = buildClearSkyTable(sites, startTs, 900_000, nextSteps);
        expect([extended.startTs, extended.steps]).toEqual([whole.startTs, whole.steps]);
        expect(extended.acWPerWp).toEqual(whole.acWPerWp);
        expect(extended.elevationDeg).toEqual(whole.elevationDeg);
        expect(extended.ghiWm2).toEqual(whole.ghiWm2);
      }),
      { numRuns: 25 },
    );
  });
});
