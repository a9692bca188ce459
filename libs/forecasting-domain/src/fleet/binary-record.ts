/**
 * A small self-describing binary record: a JSON header, then typed arrays one after another, each
 * aligned on 8 bytes. What a checkpoint part is made of: the numbers keep their exact bits (NaN
 * included, which JSON would turn into null) and a float32 histogram costs 4 bytes a bin, not ~10
 * characters of text.
 */

type Section = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array;
const KINDS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u16: Uint16Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(section: Section): Kind {
  if (section instanceof Float64Array) return 'f64';
  if (section instanceof Float32Array) return 'f32';
  if (section instanceof Int32Array) return 'i32';
  if (section instanceof Uint16Array) return 'u16';
  return 'u8';
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

export class BinaryRecordWriter {
  private readonly sections: Section[] = [];

  add(section: Section): this {
    this.sections.push(section);
    return this;
  }

  /** The record: u32 header length, the header (JSON of `header` and the sections' kinds and lengths), the sections. */
  finish(header: object): Uint8Array {
    const json = new TextEncoder().encode(JSON.stringify({ ...header, sections: this.sections.map((s) => [kindOf(s), s.length]) }));
    let size = align8(4 + json.length);
    for (const section of this.sections) size += align8(section.byteLength);
    const out = new Uint8Array(size);
    new DataView(out.buffer).setUint32(0, json.length, true);
    out.set(json, 4);
    let offset = align8(4 + json.length);
    for (const section of this.sections) {
      out.set(new Uint8Array(section.buffer, section.byteOffset, section.byteLength), offset);
      offset += align8(section.byteLength);
    }
    return out;
  }
}

export class BinaryRecordReader<H> {
  readonly header: H;
  private readonly layout: Array<[Kind, number]>;
  private next = 0;
  private offset: number;

  constructor(private readonly bytes: Uint8Array) {
    const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as H & { sections: Array<[Kind, number]> };
    this.header = parsed;
    this.layout = parsed.sections;
    this.offset = align8(4 + length);
  }

  f64(): Float64Array {
    return this.take('f64') as Float64Array;
  }

  f32(): Float32Array {
    return this.take('f32') as Float32Array;
  }

  i32(): Int32Array {
    return this.take('i32') as Int32Array;
  }

  u16(): Uint16Array {
    return this.take('u16') as Uint16Array;
  }

  u8(): Uint8Array {
    return this.take('u8') as Uint8Array;
  }

  /** A copy of the next section (the record's bytes may be a view into a larger buffer, unaligned). */
  private take(kind: Kind): Section {
    const entry = this.layout[this.next++];
    if (!entry || entry[0] !== kind) throw new RangeError(`checkpoint record: expected a ${kind} section, found ${entry ? entry[0] : 'none'}`);
    const Type = KINDS[kind];
    const byteLength = entry[1] * Type.BYTES_PER_ELEMENT;
    const copy = new Uint8Array(byteLength);
    copy.set(this.bytes.subarray(this.offset, this.offset + byteLength));
    this.offset += align8(byteLength);
    return new Type(copy.buffer);
  }
}
