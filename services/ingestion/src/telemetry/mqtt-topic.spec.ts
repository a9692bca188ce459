import { segmentIdFromTopic } from './mqtt-topic';

describe('segmentIdFromTopic', () => {
  it.each([
    ['trottoir/telemetry/seg-42', 'seg-42'],
    ['trottoir/telemetry/', ''],
    ['trottoir/telemetry/a/b', ''],
    ['other/seg-42', ''],
  ])('given %s, then the segment id is %j', (topic, id) => {
    expect(segmentIdFromTopic(topic)).toBe(id);
  });
});
