/**
 * Runs a callback with a response's final status and body before its bytes leave. It is the one point
 * where both are known for every answer, whatever produced it: the handler, the guard's refusal, or a
 * controller's own exception filter (which Nest runs after interceptors, so an interceptor cannot see
 * the status a filter will choose). Express sends every body through `res.send` (`res.json` calls it),
 * so wrapping it on this one response suffices; a response ended another way still reaches the
 * callback on 'finish', without its body.
 */
import type { Response } from 'express';

export type ResponseCallback = (status: number, body: string | undefined) => Promise<void>;

function textOf(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return JSON.stringify(body);
}

export function beforeResponseSent(response: Response, callback: ResponseCallback, onError: (error: unknown) => void): void {
  const send = response.send.bind(response);
  let called = false;
  const run = (body: unknown): Promise<void> => {
    called = true;
    return callback(response.statusCode, textOf(body)).catch(onError);
  };
  response.send = ((body?: unknown) => {
    if (called) return send(body);
    // Objects go through res.json, which stringifies them and calls send again: record the text then.
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return send(body);
    void run(body).then(() => send(body));
    return response;
  }) as Response['send'];
  response.once('finish', () => {
    if (!called) void run(undefined);
  });
}
