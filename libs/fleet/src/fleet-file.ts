/** Reads a fleet file of either format: GeoJSON when the name ends in .json/.geojson or the text starts with "{", else CSV. */
import { readFleetCsv } from './csv.codec';
import type { FleetBatch } from './fleet-import';
import { readFleetGeoJson } from './geojson.codec';

export type FleetFileFormat = 'geojson' | 'csv';

export function detectFleetFormat(fileName: string, text: string): FleetFileFormat {
  if (/\.(geo)?json$/i.test(fileName)) return 'geojson';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return text.trimStart().startsWith('{') ? 'geojson' : 'csv';
}

export function readFleetFile(fileName: string, text: string): FleetBatch {
  return detectFleetFormat(fileName, text) === 'geojson' ? readFleetGeoJson(text) : readFleetCsv(text);
}
