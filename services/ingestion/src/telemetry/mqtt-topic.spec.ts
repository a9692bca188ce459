import { segmentIdFromTopic, telemetryFilter } from './mqtt-topic';

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
});
