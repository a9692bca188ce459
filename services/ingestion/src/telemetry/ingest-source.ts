/**
 * Which edge a raw message came in through. The MQTT bridge and the HTTP endpoint publish to
 * telemetry.raw.v1 with this header, so the one pipeline can count readings per input.
 */
import type { MessageHeaders } from '@trottoir/messaging';

import type { ReadingSource } from './telemetry.metrics';

export const INGEST_SOURCE_HEADER = 'trottoir-ingest-source';

export function ingestSourceOf(headers: MessageHeaders): ReadingSource {
  const value = headers[INGEST_SOURCE_HEADER];
  return value === 'mqtt' || value === 'http' ? value : 'kafka';
}
