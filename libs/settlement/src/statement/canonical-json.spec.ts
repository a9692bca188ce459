import fc from 'fast-check';

import { SettlementInputError } from '../errors';
import { canonicalJson, sha256Hex } from './canonical-json';
import { jsonValue } from './json.fixture';

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, seed));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rotated = entries.length === 0 ? entries : [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse();
  return Object.fromEntries(rotated.map(([key, item]) => [key, shuffleKeys(item, seed + 1)]));
}

describe('canonicalJson', () => {
  it('sorts keys by code unit, drops undefined, prints −0 as 0, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, -0], é: 'x', Z: undefined, c: { y: 2.5, x: 'q"' } })).toBe('{"a":[true,null,0],"b":1,"c":{"x":"q\\"","y":2.5},"é":"x"}');
  });

  it('refuses what JSON would print differently or not at all', () => {
    expect(() => canonicalJson({ isps: [{ meteredW: Number.NaN }] })).toThrow(SettlementInputError);
    expect(() => canonicalJson({ isps: [{ meteredW: Number.POSITIVE_INFINITY }] })).toThrow('/isps/0/meteredW is Infinity');
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });

  it('is the same bytes whatever the key order, and parses back to the same value', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(), (value, seed) => {
        const text = canonicalJson(value);
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(text);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('hashes the UTF-8 bytes (SHA-256, hex)', () => {
    // The published test vector of SHA-256("abc").
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('é')).not.toBe(sha256Hex('e'));
  });
});
