/**
 * Reads an NDJSON body of `POST /v1/telemetry` into `request.body` as text before the route runs
 * (Express parses JSON only), so that the access layer can compare a retried body with the first one
 * (Idempotency-Key) like any JSON body. Bounded: a larger body is a 413.
 */
import type { Readable } from 'node:stream';

import { Injectable, NestMiddleware, PayloadTooLargeException } from '@nestjs/common';

import { isNdjson } from './telemetry-http.parser';

/** This bounds what one NDJSON request may hold. */
export const MAX_NDJSON_BYTES = 16 * 1024 * 1024;

export async function readText(request: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_NDJSON_BYTES) throw new PayloadTooLargeException(`NDJSON bodies are limited to ${MAX_NDJSON_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type IncomingRequest = Readable & { headers: Record<string, string | string[] | undefined>; body?: unknown };

@Injectable()
export class NdjsonBodyMiddleware implements NestMiddleware {
  async use(request: IncomingRequest, _response: unknown, next: () => void): Promise<void> {
    const contentType = request.headers['content-type'];
    if (request.body === undefined && isNdjson(typeof contentType === 'string' ? contentType : undefined)) request.body = await readText(request);
    next();
  }
}
