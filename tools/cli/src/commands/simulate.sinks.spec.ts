/** The HTTP sink against a local server standing in for the ingestion endpoint: NDJSON batches, and clear errors. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { create } from '@bufbuild/protobuf';
import { SegmentTelemetrySchema } from '@trottoir/contracts';

import { httpSink } from './simulate.sinks';

const reading = (segmentId: string) => create(SegmentTelemetrySchema, { segmentId, ts: Date.UTC(2026, 5, 21, 12), pvPowerW: 500, netPowerW: -500 });

describe('httpSink', () => {
  let server: http.Server;
  let baseUrl: string;
  const requests: { url?: string; contentType?: string; authorization?: string; lines: string[] }[] = [];
  let status = 202;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ url: request.url, contentType: request.headers['content-type'], authorization: request.headers.authorization, lines: body.split('\n') });
        response.writeHead(status, { 'content-type': 'application/json' }).end(status === 202 ? '{"accepted":1}' : '{"error":"no"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the readings to /v1/telemetry as NDJSON of proto3 JSON, in batches', async () => {
    await httpSink(baseUrl, 2, 'tok').publish(['a', 'b', 'c'].map(reading), 0);
    expect(requests.map((request) => request.url)).toEqual(['/v1/telemetry', '/v1/telemetry']);
    expect(requests[0].contentType).toBe('application/x-ndjson');
    expect(requests[0].authorization).toBe('Bearer tok');
    expect(requests.map((request) => request.lines.map((line) => JSON.parse(line).segmentId))).toEqual([['a', 'b'], ['c']]);
    expect(JSON.parse(requests[0].lines[0])).toMatchObject({ pvPowerW: 500, netPowerW: -500, evSessionsActive: 0 });
  });

  it('fails with the status and the answer when the endpoint refuses, and names an unreachable one', async () => {
    status = 400;
    await expect(httpSink(baseUrl, 10, 'tok').publish([reading('a')], 0)).rejects.toThrow(`${baseUrl}/v1/telemetry answered 400: {"error":"no"}`);
    await expect(httpSink('http://127.0.0.1:1', 10, 'tok').publish([reading('a')], 0)).rejects.toThrow('cannot reach http://127.0.0.1:1/v1/telemetry');
  });
});
