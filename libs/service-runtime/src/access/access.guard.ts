/**
 * The access guard of every `@Secured()` controller. For each request: a request id (X-Request-Id,
 * echoed or made), then for a command (any method but GET/HEAD/OPTIONS) a hook that writes the audit
 * row — and stores the answer under its Idempotency-Key — just before the answer leaves, refusals
 * included; then the bearer token (401 with `WWW-Authenticate: Bearer`), the rate limit per subject
 * (429 with `Retry-After`), the route's roles and scope (403, before the handler runs: nothing changes).
 */
import { CanActivate, ExecutionContext, ForbiddenException, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import type { AccessRule } from './access.metadata';
import { ACCESS_RULE, PUBLIC_ROUTE } from './access.metadata';
import { AccessOptions } from './access.options';
import { ACCESS_OPTIONS } from './access.tokens';
import { authorize, resolveStoredTargets, resolveTargets } from './access-policy';
import { accessStateOf } from './access-state';
import { OwnershipResolver } from './ownership/ownership.resolver';
import { principalOf } from './principal';
import { RateLimiter } from './rate-limiter';
import { beforeResponseSent } from './response-hook';
import { routeOf } from './route-path';
import { InvalidTokenError, verifyJwt } from './token/jwt';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REALM = 'Bearer realm="trottoir"';

function errorMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined;
  } catch {
    return body.slice(0, 500);
  }
}

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(OwnershipResolver) private readonly ownership: OwnershipResolver,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const state = accessStateOf(request);
    response.setHeader('X-Request-Id', state.requestId);
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const route = routeOf(context.getClass(), context.getHandler());
    state.targetIds = Object.values(request.params ?? {}).filter((value): value is string => typeof value === 'string');
    if (!READS.has(request.method)) this.auditOnResponse(request, response, route);

    const principal = this.authenticate(request, response);
    state.principal = principal;
    const rate = this.limiter.take(principal.subject, this.options.clock.now());
    if (!rate.allowed) {
      response.setHeader('Retry-After', String(rate.retryAfterS));
      throw new HttpException({ statusCode: 429, error: 'Too Many Requests', message: `rate limit of ${this.options.settings.rateLimit.perSecond} requests/s (burst ${this.options.settings.rateLimit.burst}) reached for "${principal.subject}"; retry after ${rate.retryAfterS} s` }, HttpStatus.TOO_MANY_REQUESTS);
    }
    // A route that declares no roles is for admin alone (and the application refuses to start with one).
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler()) ?? { roles: [], scope: [] };
    const named = resolveTargets(rule, request);
    state.targetIds = [...new Set([...state.targetIds, ...named.flatMap((target) => target.ids)])];
    const targets = await resolveStoredTargets(named, (target, id) => {
      const store = this.moduleRef.get<Record<string, (id: string) => Promise<{ nodeId?: unknown } | undefined>>>(target.store as symbol, { strict: false });
      return store[target.find](id);
    });
    const decision = authorize(principal, rule, targets, this.ownership);
    if (!decision.allowed) throw new ForbiddenException(decision.reason);
    return true;
  }

  private authenticate(request: Request, response: Response) {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      response.setHeader('WWW-Authenticate', REALM);
      throw new UnauthorizedException(header ? 'the Authorization header must be "Bearer <token>"' : 'a bearer token is required (Authorization: Bearer <token>)');
    }
    const { settings, clock } = this.options;
    try {
      return principalOf(verifyJwt(match[1], settings.key, settings, clock.now()));
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      response.setHeader('WWW-Authenticate', `${REALM}, error="invalid_token", error_description="${error.message.replace(/["\\]/g, "'")}"`);
      throw new UnauthorizedException(error.message);
    }
  }

  /** The audit row (and the Idempotency-Key's answer) is written before the answer leaves. */
  private auditOnResponse(request: Request, response: Response, route: string): void {
    const { auditLog, idempotency, service, clock, logger } = this.options;
    const startedMs = clock.now();
    beforeResponseSent(
      response,
      async (status, body) => {
        const state = accessStateOf(request);
        if (state.idempotency) {
          const { subject, key } = state.idempotency;
          const contentType = response.getHeader('content-type');
          if (status < 500) await idempotency.complete(subject, key, { status, body: body ?? '', ...(typeof contentType === 'string' ? { contentType } : {}) });
          else await idempotency.release(subject, key);
        }
        const nowMs = clock.now();
        await auditLog.append({
          at: nowMs,
          service,
          requestId: state.requestId,
          subject: state.principal?.subject,
          roles: state.principal?.roles ?? [],
          method: request.method,
          route,
          path: request.path,
          targetIds: state.targetIds,
          status,
          ...(status >= 400 ? { error: errorMessage(body) ?? `HTTP ${status}` } : {}),
          durationMs: nowMs - startedMs,
        });
      },
      (error) => logger.error({ err: error, route, method: request.method }, 'could not write the audit row or the idempotent answer'),
    );
  }
}
