/**
 * REST face of the fleet registry. Bodies and answers use the proto3 JSON mapping of the contracts
 * (trottoir.fleet.v1.Segment, trottoir.grid.v1.GridNode); the id in the path must match the body's.
 * GET /v1/segments?gridNodeId=X lists the segments connected to X or to any node below it.
 * Reads: ops-viewer, market, and a dso-operator on its own grid nodes; writes: admin, and a
 * dso-operator for nodes and segments of its own DSO (it cannot register a node for another DSO nor
 * move a segment onto a node it does not own).
 */
import { ArgumentsHost, Body, Catch, Controller, ExceptionFilter, Get, HttpStatus, Inject, Param, Put, Query, UseFilters } from '@nestjs/common';
import { GridNodeSchema, SegmentSchema, toJsonValue } from '@trottoir/contracts';
import { Allow, body, Doc, dso, node, param, protoSchema, query, Scope, Secured, segment } from '@trottoir/service-runtime';
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

const READERS = ['dso-operator', 'market', 'ops-viewer'] as const;
const NOT_FOUND = { 404: 'unknown id' };
const INVALID = { 400: 'the record does not validate (reasons listed), or the id in the path differs from the body\'s' };

@Controller('v1')
@Secured()
@UseFilters(RegistryErrorFilter)
export class RegistryController {
  constructor(@Inject(RegistryService) private readonly service: RegistryService) {}

  @Put('grid-nodes/:id')
  @Allow('dso-operator')
  @Scope(node(param('id'), { mayBeNew: true }), dso(body('dsoId', 'dso_id')))
  @Doc({ summary: 'Register or replace a grid node', body: { content: { 'application/json': protoSchema(GridNodeSchema) } }, response: { description: 'the grid node as stored', schema: protoSchema(GridNodeSchema) }, errors: INVALID })
  async putGridNode(@Param('id') id: string, @Body() body: unknown): Promise<JsonValue> {
    return toJsonValue(GridNodeSchema, await this.service.putGridNode(id, body));
  }

  @Get('grid-nodes/:id')
  @Allow(...READERS)
  @Scope(node(param('id')))
  @Doc({ summary: 'A grid node', response: { description: 'the grid node', schema: protoSchema(GridNodeSchema) }, errors: NOT_FOUND })
  getGridNode(@Param('id') id: string): JsonValue {
    return toJsonValue(GridNodeSchema, this.service.getGridNode(id));
  }

  @Put('segments/:id')
  @Allow('dso-operator')
  @Scope(segment(param('id'), { mayBeNew: true }), node(body('gridNodeId', 'grid_node_id')))
  @Doc({ summary: 'Register or replace a segment', body: { content: { 'application/json': protoSchema(SegmentSchema) } }, response: { description: 'the segment as stored', schema: protoSchema(SegmentSchema) }, errors: INVALID })
  async putSegment(@Param('id') id: string, @Body() body: unknown): Promise<JsonValue> {
    return toJsonValue(SegmentSchema, await this.service.putSegment(id, body));
  }

  @Get('segments/:id')
  @Allow(...READERS)
  @Scope(segment(param('id')))
  @Doc({ summary: 'A segment, every field', response: { description: 'the segment', schema: protoSchema(SegmentSchema) }, errors: NOT_FOUND })
  async getSegment(@Param('id') id: string): Promise<JsonValue> {
    return toJsonValue(SegmentSchema, await this.service.getSegment(id));
  }

  @Get('segments')
  @Allow(...READERS)
  @Scope(node(query('gridNodeId')))
  @Doc({
    summary: 'The segments connected to a grid node or to any node below it',
    query: { gridNodeId: 'required: the grid node' },
    response: { description: 'segments sorted by id', schema: { type: 'array', items: protoSchema(SegmentSchema) } },
    errors: { 400: 'gridNodeId missing', 404: 'unknown grid node' },
  })
  async listSegments(@Query('gridNodeId') gridNodeId: string | undefined): Promise<JsonValue> {
    if (!gridNodeId) throw new InvalidRegistryRecordError('segment', ['the gridNodeId query parameter is required']);
    return (await this.service.segmentsUnder(gridNodeId)).map((segment) => toJsonValue(SegmentSchema, segment));
  }
}
