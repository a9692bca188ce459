/**
 * `POST /v1/telemetry`: a JSON array of readings (application/json) or NDJSON (application/x-ndjson),
 * each in the proto3 JSON mapping of SegmentTelemetry. Answers 202 with `{accepted, rejected, reasons}`.
 * A device may post readings of its own segments only (its token's `segment_ids`): a batch naming
 * another segment is a 403 and nothing of it is queued. Admins may post for any segment.
 */
import type { Readable } from 'node:stream';

import { BadRequestException, Controller, ForbiddenException, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { SegmentTelemetrySchema } from '@trottoir/contracts';
import { Allow, checkedInHandler, CurrentPrincipal, Doc, mayReportFor, protoSchema, Scope, Secured } from '@trottoir/service-runtime';
import type { Principal } from '@trottoir/service-runtime';

import { readText } from './ndjson-body.middleware';
import type { BodyItem } from './telemetry-http.parser';
import { isNdjson, itemsOfJson, parseNdjson, UnsupportedTelemetryBodyError } from './telemetry-http.parser';
import type { IntakeReport } from './telemetry.intake';
import { ForeignSegmentsError, TelemetryIntake } from './telemetry.intake';

type IncomingRequest = Readable & { headers: Record<string, string | string[] | undefined>; body?: unknown };

const INTAKE_REPORT = {
  type: 'object',
  required: ['accepted', 'rejected', 'reasons'],
  properties: {
    accepted: { type: 'integer', description: 'readings durably queued' },
    rejected: { type: 'integer', description: 'readings dead-lettered' },
    reasons: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, code: { type: 'string' }, detail: { type: 'string' } } } },
  },
};

@Controller('v1/telemetry')
@Secured()
export class TelemetryController {
  constructor(@Inject(TelemetryIntake) private readonly intake: TelemetryIntake) {}

  @Post()
  @HttpCode(202)
  @Allow('device')
  @Scope(checkedInHandler("every reading's segmentId is one of the device token's segment_ids, or the whole batch is a 403"))
  @Doc({
    summary: 'Post a batch of readings',
    body: { content: { 'application/json': { type: 'array', items: protoSchema(SegmentTelemetrySchema) }, 'application/x-ndjson': { description: 'one reading per line', ...protoSchema(SegmentTelemetrySchema) } } },
    response: { status: 202, description: 'what was queued, and each refused reading with its reason', schema: INTAKE_REPORT },
    errors: { 400: 'neither a JSON array or object nor NDJSON', 413: 'body too large' },
  })
  async ingest(@Req() request: IncomingRequest, @CurrentPrincipal() principal: Principal): Promise<IntakeReport> {
    const contentType = request.headers['content-type'];
    let items: BodyItem[];
    try {
      if (isNdjson(typeof contentType === 'string' ? contentType : undefined)) {
        // NdjsonBodyMiddleware has read the text already when the module applies it.
        items = parseNdjson(typeof request.body === 'string' ? request.body : await readText(request));
      } else {
        items = itemsOfJson(request.body);
      }
    } catch (error) {
      if (error instanceof UnsupportedTelemetryBodyError) throw new BadRequestException(error.message);
      throw error;
    }
    try {
      return await this.intake.accept(items, mayReportFor(principal));
    } catch (error) {
      if (error instanceof ForeignSegmentsError) throw new ForbiddenException(error.message);
      throw error;
    }
  }
}
