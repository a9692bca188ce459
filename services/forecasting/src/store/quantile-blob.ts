/**
 * Quantile series ↔ the stored blob (little-endian float32, level-major) and ↔ the protobuf
 * PowerForecast. float32 keeps 7 significant digits: far finer than any forecast of a power.
 */
import { create } from '@bufbuild/protobuf';
import { PowerForecastSchema, QuantileTraceSchema } from '@trottoir/contracts';
import type { PowerForecast } from '@trottoir/contracts';
import type { QuantileSeries } from '@trottoir/forecasting-domain';

export function seriesToBlob(series: QuantileSeries): Buffer {
  const blob = Buffer.allocUnsafe(series.values.length * 4);
  for (let index = 0; index < series.values.length; index++) blob.writeFloatLE(series.values[index] ?? 0, index * 4);
  return blob;
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
