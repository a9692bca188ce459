import { segmentIdFromTopic, sharedTelemetryFilter, telemetryFilter } from './mqtt-topic';

describe('MQTT telemetry topics', () => {
  it.each([
    ['trottoir/telemetry/seg-42', 'seg-42'],
    ['trottoir/telemetry/', ''],
    ['trottoir/telemetry/a/b', ''],
    ['other/seg-42', ''],
  ])('given %s, then the segment id is %j', (topic, id) => {
    expect(segmentIdFromTopic(topic)).toBe(id);
  });

  it('subscribes to trottoir/telemetry/+ by default, and to <root>/+ for another root', () => {
    expect(telemetryFilter()).toBe('trottoir/telemetry/+');
    expect(telemetryFilter('spec-1/telemetry')).toBe('spec-1/telemetry/+');
    expect(segmentIdFromTopic('spec-1/telemetry/seg-1', 'spec-1/telemetry')).toBe('seg-1');
  });

  it('shares the subscription in a named group, and refuses a group name that would change the filter', () => {
    expect(sharedTelemetryFilter('trottoir-ingestion')).toBe('$share/trottoir-ingestion/trottoir/telemetry/+');
    expect(sharedTelemetryFilter('g', 'spec-1/telemetry')).toBe('$share/g/spec-1/telemetry/+');
    for (const bad of ['', 'a/b', 'a+', '#']) expect(() => sharedTelemetryFilter(bad)).toThrow(/share group/);
  });
});
