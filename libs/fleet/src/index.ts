/**
 * @trottoir/fleet: the fleet registry's domain, pure. The grid tree and segment model on the
 * contract types, a seeded city generator, GeoJSON and CSV readers/writers, the validation and the
 * parent-before-child ordering that the file import, the REST registry and the topic consumers
 * share, and the registry held in memory.
 */
export { DEFAULT_CITY_CENTER, generateCity } from './city.generator';
export type { City, CityOptions } from './city.generator';
export { FLEET_CSV_COLUMNS, parseCsv, readFleetCsv, writeFleetCsv } from './csv.codec';
export { detectFleetFormat, readFleetFile } from './fleet-file';
export type { FleetFileFormat } from './fleet-file';
export { describeLocation, validateFleet } from './fleet-import';
export type { FleetBatch, FleetValidationOptions, Located, RecordLocation, Rejection } from './fleet-import';
export { FleetRegistry } from './fleet-registry';
export type { Admission, RegisteredSegment } from './fleet-registry';
export { PV_PEAK_W_PER_M2, validateGridNode, validateSegment } from './fleet.validation';
export type { NodeLookup, ValidationOptions } from './fleet.validation';
export { distanceMetres, geoPoint, isValidLatLon, offsetMetres } from './geo';
export type { LatLon } from './geo';
export { FleetFormatError, gridNodeFeature, readFleetGeoJson, segmentFeature, writeFleetGeoJson } from './geojson.codec';
export { gridNodeKindLabel, parentKindOf } from './grid-node-kinds';
export { featureLines } from './json-positions';
export { orderParentsFirst } from './parents-first';
export type { Placement, WaitingCause } from './parents-first';
export { segmentPeakW } from './segment.factory';
