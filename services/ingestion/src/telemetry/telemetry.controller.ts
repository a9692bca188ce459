/**
 * `POST /v1/telemetry`: a JSON array of readings (application/json) or NDJSON (application/x-ndjson),
 * each in the proto3 JSON mapping of SegmentTelemetry. Answers 202 with `{accepted, rejected, reasons}`.
 */
import type { Readable } from 'node:stream';

import { BadRequestException, Controller, HttpCode, Inject, PayloadTooLargeException, Post, Req } from '@nestjs/common';

import type { BodyItem } from './telemetry-http.parser';
import { isNdjson, itemsOfJson, parseNdjson, UnsupportedTelemetryBodyError } from './telemetry-http.parser';
import type { IntakeReport } from './telemetry.intake';
import { TelemetryIntake } from './telemetry.intake';

/** NDJSON bodies are read by hand (Express parses JSON only); this bounds what one request may hold. */
export const MAX_NDJSON_BYTES = 16 * 1024 * 1024;

type IncomingRequest = Readable & { headers: Record<string, string | string[] | undefined>; body?: unknown };

async function readText(request: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_NDJSON_BYTES) throw new PayloadTooLargeException(`NDJSON bodies are limited to ${MAX_NDJSON_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@Controller('v1/telemetry')
export class TelemetryController {
  constructor(@Inject(TelemetryIntake) private readonly intake: TelemetryIntake) {}

  @Post()
  @HttpCode(202)
  async ingest(@Req() request: IncomingRequest): Promise<IntakeReport> {
    const contentType = request.headers['content-type'];
    let items: BodyItem[];
    try {
      items = isNdjson(typeof contentType === 'string' ? contentType : undefined) ? parseNdjson(await readText(request)) : itemsOfJson(request.body);
    } catch (error) {
      if (error instanceof UnsupportedTelemetryBodyError) throw new BadRequestException(error.message);
      throw error;
    }
    return this.intake.accept(items);
  }
}
