/**
 * Splits a `POST /v1/telemetry` body into readings: a JSON array (application/json) or one JSON
 * object per line (application/x-ndjson). Each item keeps its own bytes, which is what a dead letter
 * stores; a line that is not JSON is an item with a parse error, so the rest of the batch still counts.
 */
export interface BodyItem {
  readonly bytes: Uint8Array;
  /** The parsed JSON value, when the item parsed. */
  readonly json?: unknown;
  readonly parseError?: string;
}

export class UnsupportedTelemetryBodyError extends Error {
  override readonly name = 'UnsupportedTelemetryBodyError';
}

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/jsonlines']);

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function isNdjson(contentType: string | undefined): boolean {
  return NDJSON_TYPES.has(mediaType(contentType));
}

export function parseNdjson(text: string): BodyItem[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return { bytes: encode(line), json: JSON.parse(line) as unknown };
      } catch (error) {
        return { bytes: encode(line), parseError: `not JSON: ${(error as Error).message}` };
      }
    });
}

/** A parsed JSON body: an array of readings, or one reading alone. */
export function itemsOfJson(body: unknown): BodyItem[] {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new UnsupportedTelemetryBodyError('expected a JSON array of readings, or NDJSON');
  }
  const values = Array.isArray(body) ? (body as unknown[]) : [body];
  return values.map((json) => ({ bytes: encode(JSON.stringify(json) ?? 'null'), json }));
}
