/**
 * `Idempotency-Key` on POST: the first request with a key (per token subject) runs and its answer is
 * kept; a retry with the same key and the same request gets that answer again without running
 * anything; the same key with another method, path or body is a 422; a retry while the first is
 * still running is a 409. A POST without the header runs as usual.
 */
import { createHash } from 'node:crypto';

import { BadRequestException, CallHandler, ConflictException, ExecutionContext, Inject, Injectable, NestInterceptor, UnprocessableEntityException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { from, mergeMap } from 'rxjs';
import type { Observable } from 'rxjs';

import { AccessOptions } from '../access.options';
import { ACCESS_OPTIONS } from '../access.tokens';
import { accessStateOf } from '../access-state';
import { ReplayedResponse } from './replayed-response';

const KEY = /^[\x21-\x7e]{1,255}$/;

function bodyText(request: Request): string {
  const body: unknown = request.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body !== undefined) return JSON.stringify(body);
  // A body nobody has read yet cannot be compared with the first one.
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (hasBody && !request.readableEnded) throw new UnsupportedMediaTypeException('Idempotency-Key needs a body this route reads as JSON or NDJSON');
  return '';
}

export function fingerprintOf(request: Request): string {
  return createHash('sha256').update(`${request.method} ${request.originalUrl}\n`).update(bodyText(request)).digest('hex');
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(ACCESS_OPTIONS) private readonly options: AccessOptions) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');
    const state = accessStateOf(request);
    const subject = state.principal?.subject;
    if (!subject) return next.handle();
    const nowTs = this.options.clock.now();
    const begun = this.options.idempotency.begin({ subject, key, fingerprint: fingerprintOf(request), nowTs, expiresTs: nowTs + this.options.settings.idempotencyTtlMs });
    return from(begun).pipe(
      mergeMap((begin) => {
        switch (begin.outcome) {
          case 'started':
            state.idempotency = { subject, key };
            return next.handle();
          case 'replay':
            throw new ReplayedResponse(begin.response);
          case 'in-progress':
            throw new ConflictException(`the request with Idempotency-Key "${key}" is still being processed; retry later`);
          case 'mismatch':
            throw new UnprocessableEntityException(`Idempotency-Key "${key}" was already used for a different request (method, path or body); use a new key for a new request`);
          default: {
            const unknown: never = begin;
            throw new Error(`unknown idempotency outcome ${JSON.stringify(unknown)}`);
          }
        }
      }),
    );
  }
}
