// Readers for the reference data in /work/shared/data (see each folder's SOURCES.md): PVGIS typical year and
// hourly series, the SURFRAD Alamosa day, and NREL RSF II. Timestamps become epoch ms UTC.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DATA_DIR = process.env['TROTTOIR_DATA_DIR'] ?? '/work/shared/data';
const file = (relative: string): string => path.join(DATA_DIR, relative);

/** PVGIS "YYYYMMDD:HHMM" (UTC) to epoch ms. */
export function parsePvgisTime(text: string): number {
  return Date.UTC(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8), +text.slice(9, 11), +text.slice(11, 13));
}

export interface TmyHour {
  /** Instant the irradiance stands for (hour + PVGIS's irradiance time offset), mapped onto `year`. */
  ts: number;
  ghiWm2: number;
  dniWm2: number;
  dhiWm2: number;
  airTempC: number;
  windSpeedMs: number;
  pressureHpa: number;
}

export const TMY_LOCATION = { latitudeDeg: 45, longitudeDeg: 8, elevationM: 250 };

/**
 * The PVGIS typical meteorological year at 45 N 8 E. Its months come from different years; they are laid onto
 * one non-leap `year` so the result is a continuous year.
 */
export function readTmy(year = 2021): TmyHour[] {
  const lines = readFileSync(file('pvlib/tmy_45.000_8.000_2005_2023.csv'), 'utf8').split(/\r?\n/);
  const offsetLine = lines.find((line) => line.startsWith('Irradiance Time Offset'));
  const offsetMs = Number(offsetLine?.split(':')[1] ?? 0) * 3_600_000;
  const header = lines.findIndex((line) => line.startsWith('time(UTC)'));
  const hours: TmyHour[] = [];
  for (const line of lines.slice(header + 1)) {
    if (!/^\d{8}:\d{4},/.test(line)) break;
    const [time, t2m, , gh, gbn, gdh, , ws, , sp] = line.split(',');
    const month = +time.slice(4, 6) - 1;
    const ts = Date.UTC(year, month, +time.slice(6, 8), +time.slice(9, 11), +time.slice(11, 13)) + offsetMs;
    hours.push({ ts, ghiWm2: Math.max(+gh, 0), dniWm2: Math.max(+gbn, 0), dhiWm2: Math.max(+gdh, 0), airTempC: +t2m, windSpeedMs: +ws, pressureHpa: +sp / 100 });
  }
  return hours.sort((a, b) => a.ts - b.ts);
}

export interface PvgisPowerHour {
  ts: number;
  powerW: number;
  poaWm2: number;
  sunHeightDeg: number;
  airTempC: number;
  windSpeedMs: number;
}

/** PVGIS hourly JSON with P for its declared system (10 kWp CIS, two-axis tracking, 5 % system loss). */
export function readPvgisPower(): { inputs: Record<string, unknown>; hours: PvgisPowerHour[] } {
  const json = JSON.parse(readFileSync(file('pvlib/pvgis_hourly_Timeseries_45.000_8.000_SA2_10kWp_CIS_5_2a_2013_2014.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
    outputs: { hourly: Record<string, number | string>[] };
  };
  const hours = json.outputs.hourly.map((row) => ({
    ts: parsePvgisTime(String(row['time'])),
    powerW: Number(row['P']),
    poaWm2: Number(row['G(i)']),
    sunHeightDeg: Number(row['H_sun']),
    airTempC: Number(row['T2m']),
    windSpeedMs: Number(row['WS10m']),
  }));
  return { inputs: json.inputs, hours };
}

export interface PvgisPoaHour {
  ts: number;
  beamWm2: number;
  skyDiffuseWm2: number;
  groundWm2: number;
  sunHeightDeg: number;
  airTempC: number;
}

/** PVGIS hourly CSV, 30° south-facing plane: plane-of-array components and sun height. */
export function readPvgisPoa(): PvgisPoaHour[] {
  const lines = readFileSync(file('pvlib/pvgis_hourly_Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv'), 'utf8').split(/\r?\n/);
  return lines
    .filter((line) => /^\d{8}:\d{4},/.test(line))
    .map((line) => {
      const [time, gb, gd, gr, hSun, t2m] = line.split(',');
      return { ts: parsePvgisTime(time), beamWm2: +gb, skyDiffuseWm2: +gd, groundWm2: +gr, sunHeightDeg: +hSun, airTempC: +t2m };
    });
}

export interface SurfradMinute {
  ts: number;
  zenithDeg: number;
  ghiWm2: number;
  dniWm2: number;
  dhiWm2: number;
  airTempC: number;
  pressureHpa: number;
  /** All of GHI, DNI, DHI passed SURFRAD's QC (flag 0). */
  good: boolean;
}

/** SURFRAD Alamosa (37.70 N, 105.92 W, 2317 m), 2016-01-01, 1-minute measured irradiance (daily-file layout). */
export const SURFRAD_LOCATION = { latitudeDeg: 37.7, longitudeDeg: -105.92, elevationM: 2317 };

export function readSurfrad(): SurfradMinute[] {
  const lines = readFileSync(file('pvlib/surfrad-slv16001.dat'), 'utf8').split(/\r?\n/).slice(2);
  const minutes: SurfradMinute[] = [];
  for (const line of lines) {
    const v = line.trim().split(/\s+/).map(Number);
    if (v.length < 48) continue;
    minutes.push({
      ts: Date.UTC(v[0], v[2] - 1, v[3], v[4], v[5]),
      zenithDeg: v[7],
      ghiWm2: v[8],
      dniWm2: v[12],
      dhiWm2: v[14],
      airTempC: v[38],
      pressureHpa: v[46],
      good: v[9] === 0 && v[13] === 0 && v[15] === 0,
    });
  }
  return minutes;
}

export interface RsfInterval {
  /** Local clock label as given (M/D/YYYY H:MM), kept for reports. */
  label: string;
  dcPowerW: number;
  poaWm2: number;
  moduleTempC: number;
  airTempC: number;
}

/** NREL RSF II inverter 2 (204.12 kW array), 15-minute measured DC power, POA and module temperature. */
export function readRsf(): RsfInterval[] {
  const lines = readFileSync(file('measured/nrel_RSF_II.csv'), 'utf8').split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (name: string): number => header.findIndex((h) => h.startsWith(name));
  const [dc, poa, tm, ta] = [col('inv2_dc_power'), col('poa_irradiance__1055'), col('module_temp'), col('ambient_temp')];
  return lines
    .slice(1)
    .filter((line) => line.includes(','))
    .map((line) => {
      const v = line.split(',');
      return { label: v[0], dcPowerW: +v[dc], poaWm2: +v[poa], moduleTempC: +v[tm], airTempC: +v[ta] };
    });
}
