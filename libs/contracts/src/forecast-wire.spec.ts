import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { encodeNodeForecast, encodeSegmentForecast } from './forecast-wire';
import { NodeForecastSchema, PowerForecastSchema, QuantileTraceSchema, SegmentForecastSchema } from './gen/trottoir/forecast/v1/forecast_pb';

const float32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-3e38), max: Math.fround(3e38) });
const double = fc.double({ noNaN: true });
const power = fc
  .array(fc.record({ level: double, valuesW: fc.array(float32, { maxLength: 12 }) }), { maxLength: 5 })
  .map((quantiles) => create(PowerForecastSchema, { quantiles: quantiles.map((trace) => create(QuantileTraceSchema, trace)) }));
const common = {
  issuedAt: double,
  startTs: double,
  intervalMs: fc.nat({ max: 2 ** 32 - 1 }),
  steps: fc.nat({ max: 2 ** 32 - 1 }),
  pv: fc.option(power, { nil: undefined }),
  lights: fc.option(power, { nil: undefined }),
  ev: fc.option(power, { nil: undefined }),
  modelVersion: fc.string(),
};

describe('forecast wire encoders', () => {
  it('write exactly the bytes protobuf-es writes for a SegmentForecast', () => {
    fc.assert(
      fc.property(fc.record({ segmentId: fc.string(), gridNodeId: fc.string({ unit: 'grapheme' }), ...common }), (fields) => {
        const message = create(SegmentForecastSchema, fields);
        expect(encodeSegmentForecast(message)).toEqual(toBinary(SegmentForecastSchema, message));
      }),
      { numRuns: 300 },
    );
  });

  it('write exactly the bytes protobuf-es writes for a NodeForecast, and they decode back', () => {
    fc.assert(
      fc.property(fc.record({ nodeId: fc.string(), segments: fc.nat({ max: 2 ** 32 - 1 }), ...common }), (fields) => {
        const message = create(NodeForecastSchema, fields);
        const bytes = encodeNodeForecast(message);
        expect(bytes).toEqual(toBinary(NodeForecastSchema, message));
        expect(fromBinary(NodeForecastSchema, bytes).segments).toBe(fields.segments);
      }),
      { numRuns: 300 },
    );
  });
});
