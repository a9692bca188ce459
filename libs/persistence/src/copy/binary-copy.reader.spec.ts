import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { BinaryCopyParser } from './binary-copy.reader';
import type { CopyRow } from './binary-copy.reader';

/** A binary COPY stream as PostgreSQL writes it, with a header extension of `extension` bytes. */
function binaryCopy(rows: ReadonlyArray<ReadonlyArray<Buffer | null>>, extension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')];
  const int32 = (value: number) => {
    const bytes = Buffer.alloc(4);
    bytes.writeInt32BE(value);
    return bytes;
  };
  const int16 = (value: number) => {
    const bytes = Buffer.alloc(2);
    bytes.writeInt16BE(value);
    return bytes;
  };
  parts.push(int32(0), int32(extension), Buffer.alloc(extension, 7));
  for (const row of rows) {
    parts.push(int16(row.length));
    for (const field of row) parts.push(field === null ? int32(-1) : Buffer.concat([int32(field.length), field]));
  }
  parts.push(int16(-1));
  return Buffer.concat(parts);
}

/** Feeds `bytes` to a parser cut at `cuts`, returning the rows it gave. */
function parse(bytes: Buffer, cuts: readonly number[]): CopyRow[] {
  const rows: CopyRow[] = [];
  const parser = new BinaryCopyParser((row) => rows.push(row));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b).concat(bytes.length)) {
    if (cut > from) parser.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  parser.end();
  return rows;
}

const field = fc.option(fc.uint8Array({ maxLength: 64 }).map((array) => Buffer.from(array)), { nil: null });

describe('BinaryCopyParser', () => {
  it('gives every row and field as written, however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.array(field, { maxLength: 4 }), { maxLength: 8 }), fc.nat({ max: 16 }), fc.array(fc.nat({ max: 2_000 }), { maxLength: 12 }), (rows, extension, cuts) => {
        const bytes = binaryCopy(rows, extension);
        expect(parse(bytes, cuts.map((cut) => cut % (bytes.length + 1)))).toEqual(rows);
      }),
    );
  });

  it('hands out fields that start their own memory, so that a Float64Array can view them', () => {
    const values = Float64Array.from([1.5, -2.25, Math.PI]);
    const [row] = parse(binaryCopy([[Buffer.from([1]), Buffer.from(values.buffer)]]), [3, 20, 27]);
    const bytes = row[1] as Buffer;
    expect(bytes.byteOffset).toBe(0);
    expect(Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8))).toEqual(Array.from(values));
  });

  it('refuses a stream that is not a binary COPY, and one cut before its end marker', () => {
    expect(() => parse(Buffer.from('a,b,c\n'.repeat(4)), [])).toThrow(/not a binary COPY stream/);
    const bytes = binaryCopy([[Buffer.from('abc')]]);
    expect(() => parse(bytes.subarray(0, bytes.length - 3), [])).toThrow(/ended early \(while reading a field\)/);
  });
});
