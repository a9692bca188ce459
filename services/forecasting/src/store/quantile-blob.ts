/**
 * Quantile series ↔ the stored blob (little-endian float32, level-major) and ↔ the protobuf
 * PowerForecast. float32 keeps 7 significant digits: far finer than any forecast of a power.
 */
import { create } from '@bufbuild/protobuf';
import { PowerForecastSchema, QuantileTraceSchema } from '@trottoir/contracts';
import type { PowerForecast } from '@trottoir/contracts';
import type { QuantileSeries } from '@trottoir/forecasting-domain';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function seriesToBlob(series: QuantileSeries): Buffer {
  const floats = Float32Array.from(series.values);
  const blob = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  // The stored layout is little-endian whatever the host: swap on a big-endian one.
  return LITTLE_ENDIAN ? blob : blob.swap32();
}

export function blobToSeries(blob: Buffer, levels: readonly number[], steps: number): QuantileSeries {
  if (blob.length !== levels.length * steps * 4) {
    throw new RangeError(`a stored forecast of ${levels.length} levels × ${steps} steps must be ${levels.length * steps * 4} bytes, got ${blob.length}`);
  }
  const values = new Float64Array(levels.length * steps);
  for (let index = 0; index < values.length; index++) values[index] = blob.readFloatLE(index * 4);
  return { levels, steps, values };
}

export function seriesToProto(series: QuantileSeries): PowerForecast {
  return create(PowerForecastSchema, {
    quantiles: series.levels.map((level, levelIndex) =>
      create(QuantileTraceSchema, { level, valuesW: Array.from(series.values.subarray(levelIndex * series.steps, (levelIndex + 1) * series.steps)) }),
    ),
  });
}
