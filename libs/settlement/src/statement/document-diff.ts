/**
 * The difference between two versions of a statement document, leaf by leaf. Arrays of records that carry
 * an identity (`ispStart`, `segmentId`) are matched on it, not on their position, so that a segment
 * appearing in version 2 reads as one added segment, not as every later segment changed. Each change has
 * the path (`/isps/ispStart=1782036000000/meteredW`), the value before and after (absent: not there), and
 * for numbers the delta.
 */
import type { JsonValue } from './canonical-json';

export interface DocumentChange {
  path: string;
  /** The value in the previous version; absent when the path is new. */
  from?: JsonValue;
  /** The value in this version; absent when the path is gone. */
  to?: JsonValue;
  /** to − from, when both are numbers. */
  delta?: number;
}

/** Fields that identify a record in an array, in order of preference. */
export const IDENTITY_FIELDS = ['ispStart', 'segmentId'] as const;

type JsonRecord = { [key: string]: JsonValue };

const isRecord = (value: JsonValue | undefined): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The identity field every element of `items` carries with a distinct scalar value, if any. */
function identityOf(items: readonly JsonValue[]): string | undefined {
  for (const field of IDENTITY_FIELDS) {
    const values = items.map((item) => (isRecord(item) ? item[field] : undefined));
    if (values.every((value) => typeof value === 'string' || typeof value === 'number') && new Set(values).size === values.length) return field;
  }
  return undefined;
}

/** Array elements by path segment: `field=value` when both arrays share an identity field, else the index. */
function keyed(items: readonly JsonValue[], field: string | undefined): Map<string, JsonValue> {
  return new Map(items.map((item, i) => [field ? `${field}=${String((item as JsonRecord)[field])}` : String(i), item]));
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function walk(before: JsonValue | undefined, after: JsonValue | undefined, path: string, out: DocumentChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const field = identityOf(before) !== undefined && identityOf(before) === identityOf(after) ? identityOf(before) : undefined;
    const a = keyed(before, field);
    const b = keyed(after, field);
    for (const key of new Set([...a.keys(), ...b.keys()])) walk(a.get(key), b.get(key), `${path}/${escape(key)}`, out);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(before[key], after[key], `${path}/${escape(key)}`, out);
    return;
  }
  if (before === undefined && after === undefined) return;
  if (before !== undefined && after !== undefined && JSON.stringify(before) === JSON.stringify(after) && !Array.isArray(before) && !isRecord(before)) return;
  const change: DocumentChange = { path };
  if (before !== undefined) change.from = before;
  if (after !== undefined) change.to = after;
  if (typeof before === 'number' && typeof after === 'number') change.delta = after - before;
  out.push(change);
}

/** Every leaf that differs between `before` and `after`, in document order; empty when they are equal. */
export function diffDocuments(before: JsonValue, after: JsonValue): DocumentChange[] {
  const out: DocumentChange[] = [];
  walk(before, after, '', out);
  return out;
}

/** The value at a path `diffDocuments` printed (identity segments resolved by their field), or undefined. */
export function valueAt(document: JsonValue, path: string): JsonValue | undefined {
  if (path === '') return document;
  let current: JsonValue | undefined = document;
  for (const raw of path.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      const eq = segment.indexOf('=');
      const items: JsonValue[] = current;
      if (eq > 0 && IDENTITY_FIELDS.includes(segment.slice(0, eq) as (typeof IDENTITY_FIELDS)[number])) {
        const field = segment.slice(0, eq);
        current = items.find((item) => isRecord(item) && String(item[field]) === segment.slice(eq + 1));
      } else current = items[Number(segment)];
    } else if (isRecord(current)) current = current[segment];
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}
