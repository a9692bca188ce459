/**
 * Rows out of PostgreSQL as the server stores them: `COPY (…) TO STDOUT WITH (FORMAT binary)` read as a
 * stream and cut into rows, each field its raw bytes. For large bytea values this is several times faster
 * than a query, whose driver gets them as hex text (twice the bytes) and decodes them in JavaScript: a
 * forecaster checkpoint of 300 MB loads in seconds instead of tens of seconds. Only one row is held at a
 * time, so a reader never holds the whole result.
 *
 * The format (PostgreSQL docs, COPY, "Binary Format"): an 11-byte signature, int32 flags, int32 length of
 * a header extension and the extension; then per row an int16 field count and per field an int32 length
 * (−1: NULL) and the bytes; an int16 −1 ends the data. Integers are big-endian.
 */
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;

export type CopyRow = ReadonlyArray<Buffer | null>;

/** Cuts the bytes of a binary COPY into rows, whatever the chunks' boundaries. */
export class BinaryCopyParser {
  private readonly chunks: Buffer[] = [];
  private available = 0;
  private step: 'header' | 'extension' | 'row' | 'length' | 'field' | 'done' = 'header';
  private extensionBytes = 0;
  private fieldsLeft = 0;
  private fieldBytes = 0;
  private row: (Buffer | null)[] = [];

  constructor(private readonly onRow: (row: CopyRow) => void) {}

  push(chunk: Buffer): void {
    if (this.step === 'done') throw new Error('binary COPY: data after the end marker');
    this.chunks.push(chunk);
    this.available += chunk.length;
    this.drain();
  }

  /** Throws when the data stopped before its end marker (a cut connection, a wrong statement). */
  end(): void {
    if (this.step !== 'done') throw new Error(`binary COPY: the data ended early (while reading a ${this.step})`);
  }

  private drain(): void {
    for (;;) {
      switch (this.step) {
        case 'header': {
          if (this.available < HEADER_BYTES) return;
          const header = this.take(HEADER_BYTES);
          if (!header.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error('binary COPY: not a binary COPY stream (signature)');
          this.extensionBytes = header.readInt32BE(SIGNATURE.length + 4);
          this.step = 'extension';
          break;
        }
        case 'extension':
          if (this.available < this.extensionBytes) return;
          this.take(this.extensionBytes);
          this.step = 'row';
          break;
        case 'row': {
          if (this.available < 2) return;
          const fields = this.take(2).readInt16BE(0);
          if (fields === -1) {
            this.step = 'done';
            return;
          }
          this.fieldsLeft = fields;
          this.row = [];
          if (fields === 0) this.onRow(this.row);
          else this.step = 'length';
          break;
        }
        case 'length': {
          if (this.available < 4) return;
          this.fieldBytes = this.take(4).readInt32BE(0);
          if (this.fieldBytes === -1) this.endField(null);
          else this.step = 'field';
          break;
        }
        case 'field':
          if (this.available < this.fieldBytes) return;
          this.endField(this.take(this.fieldBytes));
          break;
        case 'done':
          return;
      }
    }
  }

  private endField(value: Buffer | null): void {
    this.row.push(value);
    this.fieldsLeft--;
    this.step = this.fieldsLeft > 0 ? 'length' : 'row';
    if (this.fieldsLeft === 0) this.onRow(this.row);
  }

  /**
   * The next `length` bytes, in a buffer of their own that starts its memory (offset 0, so typed arrays
   * of any element size can view it; never a slice of the socket's chunks, which live on).
   */
  private take(length: number): Buffer {
    const out = Buffer.allocUnsafeSlow(length);
    let at = 0;
    while (at < length) {
      const chunk = this.chunks[0];
      const count = Math.min(chunk.length, length - at);
      chunk.copy(out, at, 0, count);
      at += count;
      if (count === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(count);
    }
    this.available -= length;
    return out;
  }
}

/** Runs `COPY (<select>) TO STDOUT WITH (FORMAT binary)` on `client`, handing each row to `onRow` as it arrives. */
export async function copyRowsOut(client: PoolClient, select: string, onRow: (row: CopyRow) => void): Promise<void> {
  const parser = new BinaryCopyParser(onRow);
  for await (const chunk of client.query(copyTo(`copy (${select}) to stdout with (format binary)`))) parser.push(chunk as Buffer);
  parser.end();
}
