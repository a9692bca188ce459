/**
 * The tracking state as text, exactly: JSON writes every finite double so that it reads back the same,
 * but would turn Infinity and NaN into null and −0 into 0 (a sky ratio over a vanishing PV then is
 * Infinity). Those travel as `{"$number":"Infinity"}` and read back as the number.
 */
import type { TrackedOrderState } from './tracked-order-state';

const TAG = '$number';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return { [TAG]: Object.is(value, -0) ? '-0' : String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === TAG) return Number((value as Record<string, string>)[TAG]);
  }
  return value;
}

export function encodeTrackedOrder(state: TrackedOrderState): string {
  return JSON.stringify(state, replacer);
}

export function decodeTrackedOrder(text: string): TrackedOrderState {
  return JSON.parse(text, reviver) as TrackedOrderState;
}
