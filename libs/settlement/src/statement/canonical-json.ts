/**
 * Canonical JSON: the one byte sequence a statement document is stored, hashed and published as. Object
 * keys sorted by UTF-16 code unit (locale-free), no whitespace, numbers as ECMAScript prints them (the
 * shortest round-trip form, identical on every platform), −0 as 0, keys whose value is undefined left
 * out. A non-finite number or a value JSON cannot carry is refused: it would print differently or not at all.
 */
import { createHash } from 'node:crypto';

import { SettlementInputError } from '../errors';

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | JsonValue[] | { [key: string]: JsonValue };

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new SettlementInputError(`canonical JSON: ${path} is ${value}, not a finite number`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${path}/${i}`)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}/${key}`)}`).join(',')}}`;
    }
    default:
      throw new SettlementInputError(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot carry`);
  }
}

/** The canonical JSON text of `value`. */
export function canonicalJson(value: unknown): string {
  return write(value, '');
}

/** SHA-256 of a text's UTF-8 bytes, lower-case hex: the content hash stored with every statement version. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
