/**
 * A learned per-segment scale for street lights: measured ÷ expected power over past intervals that
 * were fully dark (no twilight, so timing errors do not leak in). Lamps fail, get switched off or
 * replaced by a different wattage, and the registry does not know: the scale does. It tracks the
 * median of the ratios (a sign-step update), so one odd night or a glitching meter moves it by one
 * step only, and it keeps moving so a repaired street recovers. The first few ratios are averaged
 * so a new segment settles within one night.
 *
 * State: one Float32 scale and one Uint16 count per segment (6 bytes); 100,000 segments = 600 kB.
 */

export interface LightsScaleState {
  /** Measured ÷ expected, 1 = as rated. */
  readonly scale: Float32Array;
  /** Ratios seen, saturating at 65,535. */
  readonly seen: Uint16Array;
}

export interface LightsScaleOptions {
  /** Median-tracking step per ratio (default 0.01: ≈ one night of 15-min intervals to move 0.3). */
  step?: number;
  /** Ratios averaged before the median tracking takes over (default 8). */
  warmup?: number;
  /** Expected power below this share of rated is not used (default 0.05). */
  minExpectedShare?: number;
}

/** Ratios are clipped to this: a meter glitch must not send the scale to 50. */
const MAX_RATIO = 2;

export function createLightsScale(segments: number): LightsScaleState {
  return { scale: new Float32Array(segments).fill(1), seen: new Uint16Array(segments) };
}

/**
 * Feeds one interval: `expectedW` is what the model (scale 1) gave for it, `measuredW` what the meter
 * saw. The caller passes only fully-dark intervals without a dimming setpoint in force (a setpoint
 * lowers the power on purpose; learning it would forecast the setpoint forever).
 */
export function observeLightsScale(
  state: LightsScaleState,
  segment: number,
  expectedW: number,
  measuredW: number,
  ratedW: number,
  options: LightsScaleOptions = {},
): void {
  if (!(expectedW > (options.minExpectedShare ?? 0.05) * ratedW) || !Number.isFinite(measuredW)) return;
  const ratio = Math.min(MAX_RATIO, Math.max(0, measuredW / expectedW));
  const seen = state.seen[segment];
  const warmup = options.warmup ?? 8;
  if (seen < warmup) {
    // Running mean from the rated value's prior (seen = 0 replaces it outright).
    state.scale[segment] = seen === 0 ? ratio : state.scale[segment] + (ratio - state.scale[segment]) / (seen + 1);
  } else {
    const step = options.step ?? 0.01;
    const current = state.scale[segment];
    state.scale[segment] = ratio > current ? Math.min(ratio, current + step) : Math.max(ratio, current - step);
  }
  if (seen < 65_535) state.seen[segment] = seen + 1;
}
