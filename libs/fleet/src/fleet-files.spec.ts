/** GeoJSON and CSV round trips, and an import that keeps good records and names the bad ones with their line. */
import { GridNodeKind } from '@trottoir/contracts';

import { generateCity } from './city.generator';
import { readFleetCsv, writeFleetCsv } from './csv.codec';
import { readFleetFile } from './fleet-file';
import { describeLocation, validateFleet } from './fleet-import';
import { FleetFormatError, readFleetGeoJson, writeFleetGeoJson } from './geojson.codec';
import { featureLines } from './json-positions';

const city = generateCity({ segments: 60, seed: 11 });

describe('GeoJSON', () => {
  it('round-trips a city, segments as LineStrings and nodes as Points', () => {
    const text = writeFleetGeoJson(city);
    const document = JSON.parse(text);
    expect(document.features[0].geometry.type).toBe('Point');
    expect(document.features[0].properties).toMatchObject({ nodeId: 'ps01', kind: 'GRID_NODE_KIND_PRIMARY_SUBSTATION' });
    const segmentFeature = document.features.find((f: { properties: { segmentId?: string } }) => f.properties.segmentId);
    expect(segmentFeature.geometry.type).toBe('LineString');
    expect(segmentFeature.properties).toMatchObject({ gridNodeId: expect.any(String), kind: expect.stringMatching(/^SEGMENT_KIND_/), pv: { peakPowerW: expect.any(Number) } });

    const batch = readFleetGeoJson(text);
    expect(batch.rejected).toEqual([]);
    expect(batch.gridNodes.map((n) => n.record)).toEqual(city.gridNodes);
    expect(batch.segments.map((s) => s.record)).toEqual(city.segments);
    // One feature per line after the opening line.
    expect(batch.gridNodes[0].at).toEqual({ line: 2, feature: 0 });
  });

  it('finds the line of each feature in any layout', () => {
    const text = '{"features":\n[ {"a":[1,{"features":[9]}]},\n\n {"b":"x,\\"}"}\n, 3 ], "type": "FeatureCollection"}';
    expect(featureLines(text)).toEqual([2, 4, 5]);
    expect(featureLines(JSON.stringify({ type: 'FeatureCollection', features: [{}, {}] }, null, 2))).toEqual([4, 5]);
  });

  it('reports bad features with their line and reason and keeps the others', () => {
    const lines = writeFleetGeoJson(city).split('\n');
    const segmentLine = lines.findIndex((line) => line.includes('"segmentId"'));
    lines[segmentLine] = lines[segmentLine].replace(/"peakPowerW":\d+/, '"peakPowerW":-5');
    lines[segmentLine + 1] = lines[segmentLine + 1].replace(/"gridNodeId":"[^"]+"/, '"gridNodeId":"nowhere"');
    // The last grid node is an LV feeder: an unknown property rejects it, and its segments with it.
    const lvLine = segmentLine - 1;
    const lvFeeder = city.gridNodes[city.gridNodes.length - 1];
    expect(lvFeeder.kind).toBe(GridNodeKind.LV_FEEDER);
    lines[lvLine] = lines[lvLine].replace('"parentId"', '"colour":"red","parentId"');
    const result = validateFleet(readFleetGeoJson(lines.join('\n')));
    const orphans = city.segments.filter((s) => s.gridNodeId === lvFeeder.nodeId).map((s) => s.segmentId);
    expect(orphans.length).toBeGreaterThan(0);
    expect(result.rejected.map((r) => [r.at.line, r.id])).toEqual([
      [lvLine + 1, lvFeeder.nodeId],
      [segmentLine + 1, city.segments[0].segmentId],
      [segmentLine + 2, city.segments[1].segmentId],
      ...orphans.map((id) => [expect.any(Number), id]),
    ]);
    expect(result.rejected[0].reason).toContain('colour');
    expect(result.rejected[1].reason).toContain('pv.peakPowerW must be > 0');
    expect(result.rejected[2].reason).toBe('unknown grid node "nowhere"');
    expect(result.rejected[3].reason).toBe(`grid node "${lvFeeder.nodeId}" was rejected`);
    expect(result.gridNodes).toHaveLength(city.gridNodes.length - 1);
    expect(result.segments).toHaveLength(city.segments.length - 2 - orphans.length);
    expect(describeLocation(result.rejected[1].at)).toBe(`line ${segmentLine + 1} (feature ${segmentLine - 1})`);
  });

  it('refuses a file that is not a FeatureCollection', () => {
    expect(() => readFleetGeoJson('{"type":"Feature"}')).toThrow(FleetFormatError);
    expect(() => readFleetGeoJson('nope')).toThrow(FleetFormatError);
  });
});

describe('CSV', () => {
  it('round-trips a city', () => {
    const batch = readFleetFile('fleet.csv', writeFleetCsv(city));
    expect(batch.rejected).toEqual([]);
    expect(batch.gridNodes.map((n) => n.record)).toEqual(city.gridNodes);
    expect(batch.segments.map((s) => s.record)).toEqual(city.segments);
  });

  it('reads quoted fields and reports bad rows with their line', () => {
    const text = [
      'record,id,parent_id,grid_node_id,kind,rated_limit_w,dso_id,name,path,commissioned_at,connection_point_id,pv_area_m2,pv_peak_power_w,pv_inverter_limit_w,ev_connectors',
      'grid_node,ps1,,,primary_substation,40000000,enedis,"Poste source ""Nord"", Lyon",,,,,,,',
      'grid_node,mv1,ps1,,mv_feeder,6000000,enedis,Départ 1,,,,,,,',
      'grid_node,ss1,mv1,,secondary_substation,400000,enedis,Poste 1,,,,,,,',
      'grid_node,lv1,ss1,,lv_feeder,150000,enedis,Départ BT 1,,,,,,,',
      'grid_node,lv1,ss1,,lv_feeder,150000,enedis,again,,,,,,,',
      'segment,s1,,lv1,urban_street,,,,45.75 4.83;45.7502 4.8302,2021-06-01T00:00:00Z,12345678901234,50,7000,6000,ac:7400;dc:50000',
      'segment,s2,,lv1,urban_street,,,,45.75 4.83;45.7502 4.8302,2021-06-01T00:00:00Z,12345678901235,50,70000,6000,',
      'segment,s3,,ss1,car_park,,,,45.75 4.83;45.7502 4.8302,1622505600000,12345678901236,50,7000,6000,',
      'segment,s4,,lv1,garden,,,,45.75 4.83;45.7502 4.8302,1622505600000,12345678901237,50,7000,6000,',
      'grid_node,lv2,ghost,,lv_feeder,150000,enedis,orphan,,,,,,,',
      'segment,s5,,lv1,rural_road,,,,45.75 4.83,1622505600000,1,50,-7000,6000,',
    ].join('\n');
    const result = validateFleet(readFleetCsv(text));
    expect(result.gridNodes.map((n) => n.record.nodeId)).toEqual(['ps1', 'mv1', 'ss1', 'lv1']);
    expect(result.gridNodes[0].record.name).toBe('Poste source "Nord", Lyon');
    expect(result.segments.map((s) => s.record.segmentId)).toEqual(['s1']);
    expect(result.segments[0].record.evConnectors.map((c) => c.maxPowerW)).toEqual([7400, 50000]);
    expect(result.rejected.map((r) => `${r.at.line} ${r.id}: ${r.reason}`)).toEqual([
      '6 lv1: duplicate nodeId "lv1" (first at line 5)',
      '8 s2: pv.peakPowerW 70000 over 50 m² is 1400 W/m², implausible (expected 60–250)',
      '9 s3: grid node "ss1" is a MV/LV substation, segments hang from an LV feeder',
      '10 s4: kind "garden" is not one of urban_street, rural_road, car_park',
      '11 lv2: unknown parent "ghost"',
      '12 s5: path needs at least two "lat lon" points',
    ]);
  });

  it('accepts references it cannot check when asked to, and rejects a child rated above its parent', () => {
    const text = [
      'record,id,parent_id,kind,rated_limit_w,dso_id,name',
      'grid_node,lv9,ss-elsewhere,lv_feeder,150000,enedis,Départ BT',
      'grid_node,ps2,,primary_substation,1000,enedis,Small',
      'grid_node,mv2,ps2,mv_feeder,6000000,enedis,Big',
    ].join('\n');
    const result = validateFleet(readFleetCsv(text), { unknownReferences: 'accept' });
    expect(result.gridNodes.map((n) => [n.record.nodeId, n.record.kind])).toEqual([
      ['lv9', GridNodeKind.LV_FEEDER],
      ['ps2', GridNodeKind.PRIMARY_SUBSTATION],
    ]);
    expect(result.rejected).toEqual([{ at: { line: 4 }, id: 'mv2', reason: "ratedLimitW 6000000 exceeds its parent's 1000" }]);
  });

  it('refuses a header with unknown columns', () => {
    expect(() => readFleetCsv('record,id,colour\n')).toThrow(/unknown column\(s\) colour/);
  });
});
