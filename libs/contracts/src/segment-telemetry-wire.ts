/**
 * A fast protobuf decoder for SegmentTelemetry, the message every reading arrives as (100,000
 * segments: tens of thousands a second). protobuf-es's generic reader builds a zero message from the
 * descriptor and walks its field table per message; this reads the twelve known fields straight into an
 * object of the same shape. It returns undefined, and the caller decodes with protobuf-es, whenever the
 * bytes hold anything it does not handle exactly as protobuf-es would: an unknown field (kept by
 * protobuf-es in `$unknown`), an unexpected wire type, a non-ASCII id, an overlong varint, a truncated
 * message. A property test holds it equal to `fromBinary` on random messages.
 */
import type { SegmentTelemetry, TelemetryBatch } from './gen/trottoir/telemetry/v1/segment_telemetry_pb';

const TYPE_NAME = 'trottoir.telemetry.v1.SegmentTelemetry';
const BATCH_TYPE_NAME = 'trottoir.telemetry.v1.TelemetryBatch';
/** `TelemetryBatch.readings`: field 1, length-delimited. */
const READINGS_TAG = 0x0a;
const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
/** Field number → property, for the doubles (wire type 1). */
const DOUBLE_FIELDS: readonly (keyof SegmentTelemetry | undefined)[] = [
  undefined,
  undefined,
  'ts',
  'pvPowerW',
  'lightsPowerW',
  'evPowerW',
  'batteryPowerW',
  'batterySocPct',
  'netPowerW',
  'meterImportWh',
  'meterExportWh',
  'lightsDimmingPct',
];
const FIELD_SEGMENT_ID = 1;
const FIELD_EV_SESSIONS = 12;

// One scratch word for the doubles: copying 8 bytes in and reading a Float64Array allocates nothing.
const scratchBytes = new Uint8Array(8);
const scratchDouble = new Float64Array(scratchBytes.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Mutable = { -readonly [K in keyof SegmentTelemetry]: SegmentTelemetry[K] };

/** The message, or undefined when protobuf-es must decode it (see above). */
export function decodeSegmentTelemetry(bytes: Uint8Array): SegmentTelemetry | undefined {
  const message: Mutable = {
    $typeName: TYPE_NAME,
    segmentId: '',
    ts: 0,
    pvPowerW: 0,
    lightsPowerW: 0,
    evPowerW: 0,
    batteryPowerW: 0,
    netPowerW: 0,
    meterImportWh: 0,
    meterExportWh: 0,
    evSessionsActive: 0,
  };
  const end = bytes.length;
  let pos = 0;
  while (pos < end) {
    // Tags of fields 1–12 are one byte; anything longer is a field this decoder does not know.
    const tag = bytes[pos++];
    if (tag > 0x7f) return undefined;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === WIRE_FIXED64 && field >= 2 && field <= 11) {
      if (pos + 8 > end) return undefined;
      for (let i = 0; i < 8; i++) scratchBytes[LITTLE_ENDIAN ? i : 7 - i] = bytes[pos + i];
      pos += 8;
      (message as Record<string, unknown>)[DOUBLE_FIELDS[field]!] = scratchDouble[0];
    } else if (wire === WIRE_LENGTH && field === FIELD_SEGMENT_ID) {
      const length = bytes[pos++];
      // Ids up to 127 bytes (a one-byte length), ASCII only: no UTF-8 decoding to get right.
      if (length === undefined || length > 0x7f || pos + length > end) return undefined;
      for (let i = pos; i < pos + length; i++) if (bytes[i] > 0x7f) return undefined;
      message.segmentId = String.fromCharCode.apply(null, bytes.subarray(pos, pos + length) as unknown as number[]);
      pos += length;
    } else if (wire === WIRE_VARINT && field === FIELD_EV_SESSIONS) {
      // uint32 in at most 5 bytes, the fifth holding the top 4 bits: as protobuf-es reads it.
      let value = 0;
      let shift = 0;
      for (;;) {
        if (pos >= end || shift > 28) return undefined;
        const byte = bytes[pos++];
        if (shift === 28 && byte > 0x0f) return undefined;
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
        shift += 7;
      }
      message.evSessionsActive = value;
    } else {
      return undefined;
    }
  }
  return message;
}

/**
 * A TelemetryBatch (telemetry.validated.v2: thousands of readings a record) with each reading through the
 * decoder above; undefined, and protobuf-es decodes the whole batch, as soon as anything is unusual.
 */
export function decodeTelemetryBatch(bytes: Uint8Array): TelemetryBatch | undefined {
  const readings: SegmentTelemetry[] = [];
  const end = bytes.length;
  let pos = 0;
  while (pos < end) {
    if (bytes[pos++] !== READINGS_TAG) return undefined;
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      // Lengths below 2^28: four varint bytes at most (a record is far smaller).
      if (pos >= end || shift > 21) return undefined;
      const byte = bytes[pos++];
      length += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    if (pos + length > end) return undefined;
    const reading = decodeSegmentTelemetry(bytes.subarray(pos, pos + length));
    if (reading === undefined) return undefined;
    readings.push(reading);
    pos += length;
  }
  return { $typeName: BATCH_TYPE_NAME, readings };
}
