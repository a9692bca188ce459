/**
 * REST face of the fleet registry. Bodies and answers use the proto3 JSON mapping of the contracts
 * (trottoir.fleet.v1.Segment, trottoir.grid.v1.GridNode); the id in the path must match the body's.
 * GET /v1/segments?gridNodeId=X lists the segments connected to X or to any node below it.
 */
import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, Get, HttpStatus, Inject, Param, Put, Query, UseFilters } from '@nestjs/common';
import { GridNodeSchema, SegmentSchema, toJsonValue } from '@trottoir/contracts';
import type { JsonValue } from '@bufbuild/protobuf';
import type { Response } from 'express';

import { InvalidRegistryRecordError, UnknownRegistryRecordError } from './registry.errors';
import { RegistryService } from './registry.service';

@Catch(InvalidRegistryRecordError, UnknownRegistryRecordError)
class RegistryErrorFilter implements ExceptionFilter {
  catch(error: InvalidRegistryRecordError | UnknownRegistryRecordError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof InvalidRegistryRecordError) {
      response.status(HttpStatus.BAD_REQUEST).json({ statusCode: 400, error: 'Bad Request', message: error.message, reasons: error.reasons });
    } else {
      response.status(HttpStatus.NOT_FOUND).json({ statusCode: 404, error: 'Not Found', message: error.message });
    }
  }
}

@Controller('v1')
@UseFilters(RegistryErrorFilter)
export class RegistryController {
  constructor(@Inject(RegistryService) private readonly service: RegistryService) {}

  @Put('grid-nodes/:id')
  async putGridNode(@Param('id') id: string, @Body() body: unknown): Promise<JsonValue> {
    return toJsonValue(GridNodeSchema, await this.service.putGridNode(id, body));
  }

  @Get('grid-nodes/:id')
  getGridNode(@Param('id') id: string): JsonValue {
    return toJsonValue(GridNodeSchema, this.service.getGridNode(id));
  }

  @Put('segments/:id')
  async putSegment(@Param('id') id: string, @Body() body: unknown): Promise<JsonValue> {
    return toJsonValue(SegmentSchema, await this.service.putSegment(id, body));
  }

  @Get('segments/:id')
  async getSegment(@Param('id') id: string): Promise<JsonValue> {
    return toJsonValue(SegmentSchema, await this.service.getSegment(id));
  }

  @Get('segments')
  async listSegments(@Query('gridNodeId') gridNodeId: string | undefined): Promise<JsonValue> {
    if (!gridNodeId) throw new InvalidRegistryRecordError('segment', ['the gridNodeId query parameter is required']);
    return (await this.service.segmentsUnder(gridNodeId)).map((segment) => toJsonValue(SegmentSchema, segment));
  }
}
