/**
 * A retried POST answered from the store: the interceptor throws it before the handler runs, and
 * this filter sends the first answer as it was (status, content type, body), marked
 * `Idempotent-Replayed: true`. An exception is the one early exit Nest offers an interceptor that
 * keeps the status it sets (a returned value is sent with the route's own status).
 */
import { Catch } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

import type { StoredResponse } from './idempotency-store.port';

export class ReplayedResponse extends Error {
  override readonly name = 'ReplayedResponse';

  constructor(readonly response: StoredResponse) {
    super('replayed idempotent response');
  }
}

@Catch(ReplayedResponse)
export class ReplayedResponseFilter implements ExceptionFilter {
  catch(replayed: ReplayedResponse, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, contentType, body } = replayed.response;
    response.status(status).setHeader('Idempotent-Replayed', 'true');
    if (contentType) response.setHeader('Content-Type', contentType);
    response.send(body);
  }
}
