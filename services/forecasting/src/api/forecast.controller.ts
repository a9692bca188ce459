/**
 * GET /v1/forecasts/nodes/{nodeId} and GET /v1/forecasts/segments/{segmentId}: the latest stored
 * issue (or the latest at or before `issuedAt`), its intervals within [from, to). A bad query is a
 * 400 naming the parameter; an unknown id or no issue yet is a 404. Readers: ops-viewer, market, and a
 * dso-operator on its own grid nodes (and the segments below them).
 */
import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { Allow, Doc, node, param, Scope, Secured, segment } from '@trottoir/service-runtime';

import { FORECAST_HISTORY } from './forecast-history.port';
import type { ForecastHistory, StoredForecast } from './forecast-history.port';
import { ForecastQueryError, parseForecastQuery } from './forecast-query';
import type { ForecastQuery } from './forecast-query';
import { forecastJson } from './forecast-response';
import type { ForecastJson } from './forecast-response';

type RawQuery = { from?: string; to?: string; issuedAt?: string };

function parse(raw: RawQuery): ForecastQuery {
  try {
    return parseForecastQuery(raw);
  } catch (error) {
    if (error instanceof ForecastQueryError) throw new BadRequestException(error.message);
    throw error;
  }
}

function found(forecast: StoredForecast | undefined, what: string, query: ForecastQuery): StoredForecast {
  if (forecast) return forecast;
  const when = query.issuedAt === undefined ? '' : ` issued at or before ${new Date(query.issuedAt).toISOString()}`;
  throw new NotFoundException(`no forecast${when} for ${what}`);
}

const QUERY = { from: 'ISO 8601 instant: intervals ending after it', to: 'ISO 8601 instant: intervals starting before it', issuedAt: 'the latest issue at or before this instant ("what did we believe then")' };
const FORECAST = { type: 'object', required: ['issuedAt', 'intervals'], properties: { issuedAt: { type: 'string', format: 'date-time' }, intervals: { type: 'array', items: { type: 'object' } } }, additionalProperties: true };
const ERRORS = { 400: 'a bad query parameter, named', 404: 'unknown id, or no forecast issued (at or before issuedAt)' };

@Controller('v1/forecasts')
@Secured()
export class ForecastController {
  constructor(@Inject(FORECAST_HISTORY) private readonly history: ForecastHistory) {}

  @Get('nodes/:nodeId')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(node(param('nodeId')))
  @Doc({ summary: 'Quantile forecast of a grid node (PV, lights, EV, net), 15-minute intervals up to 48 h', query: QUERY, response: { description: 'the forecast', schema: FORECAST }, errors: ERRORS })
  async node(@Param('nodeId') nodeId: string, @Query() raw: RawQuery): Promise<ForecastJson & { nodeId: string; segments: number }> {
    const query = parse(raw);
    const forecast = found(await this.history.nodeForecast(nodeId, query.issuedAt), `grid node ${nodeId}`, query);
    return { nodeId, segments: forecast.segments ?? 0, ...forecastJson(forecast, query) };
  }

  @Get('segments/:segmentId')
  @Allow('dso-operator', 'market', 'ops-viewer')
  @Scope(segment(param('segmentId')))
  @Doc({ summary: 'Quantile forecast of a segment', query: QUERY, response: { description: 'the forecast', schema: FORECAST }, errors: ERRORS })
  async segment(@Param('segmentId') segmentId: string, @Query() raw: RawQuery): Promise<ForecastJson & { segmentId: string; gridNodeId: string }> {
    const query = parse(raw);
    const forecast = found(await this.history.segmentForecast(segmentId, query.issuedAt), `segment ${segmentId}`, query);
    return { segmentId, gridNodeId: forecast.gridNodeId ?? '', ...forecastJson(forecast, query) };
  }
}
