import { itemsOfJson, isNdjson, parseNdjson, UnsupportedTelemetryBodyError } from './telemetry-http.parser';

describe('telemetry HTTP body parsing', () => {
  it('given NDJSON with a blank line and a broken line, then every non-blank line is an item and the broken one says why', () => {
    const items = parseNdjson('{"segmentId":"a"}\n\n{oops\r\n{"segmentId":"b"}\n');
    expect(items.map((item) => item.json ?? item.parseError?.slice(0, 8))).toEqual([{ segmentId: 'a' }, 'not JSON', { segmentId: 'b' }]);
    expect(new TextDecoder().decode(items[1].bytes)).toBe('{oops');
  });

  it('given a JSON array or one object, then each reading is an item with its own bytes', () => {
    expect(itemsOfJson([{ a: 1 }, { b: 2 }]).map((item) => new TextDecoder().decode(item.bytes))).toEqual(['{"a":1}', '{"b":2}']);
    expect(itemsOfJson({ a: 1 })).toHaveLength(1);
    expect(() => itemsOfJson('text')).toThrow(UnsupportedTelemetryBodyError);
  });

  it('recognises the NDJSON media types, with parameters', () => {
    expect(isNdjson('application/x-ndjson; charset=utf-8')).toBe(true);
    expect(isNdjson('application/json')).toBe(false);
  });
});
