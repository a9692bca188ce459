/**
 * A small YAML writer for plain JSON data (objects, arrays, strings, numbers, booleans, null), so that
 * the generated AsyncAPI document is readable YAML without a YAML dependency. Strings are written as
 * JSON string literals, which YAML reads as double-quoted scalars, so no value can change meaning.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const plainKey = /^[A-Za-z0-9_$][A-Za-z0-9_.$-]*$/;

function key(name: string): string {
  return plainKey.test(name) && !/^(true|false|null|yes|no|on|off|~)$/i.test(name) ? name : JSON.stringify(name);
}

function scalar(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function isEmptyCollection(value: Json): boolean {
  return Array.isArray(value) ? value.length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function lines(value: Json, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item !== 'object' || item === null || isEmptyCollection(item)) {
        return [`${indent}- ${typeof item === 'object' && item !== null ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`];
      }
      const nested = lines(item, `${indent}  `);
      return [`${indent}- ${nested[0].slice(indent.length + 2)}`, ...nested.slice(1)];
    });
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => {
      if (typeof item !== 'object' || item === null) return [`${indent}${key(name)}: ${scalar(item)}`];
      if (isEmptyCollection(item)) return [`${indent}${key(name)}: ${Array.isArray(item) ? '[]' : '{}'}`];
      return [`${indent}${key(name)}:`, ...lines(item, `${indent}  `)];
    });
  }
  return [`${indent}${scalar(value)}`];
}

/** `value` as a YAML document, read through JSON first: `undefined` properties are dropped and non-finite numbers become null. */
export function toYaml(value: unknown): string {
  const json = JSON.parse(JSON.stringify(value)) as Json;
  return `${lines(json, '').join('\n')}\n`;
}
