/**
 * The access layer of a service, global so that any controller's `@Secured()` finds the guard's
 * dependencies: the options (settings, clock, logger, audit log, idempotency store), the rate limiter,
 * the ownership resolver, GET /v1/audit, the start-up check of routes and the janitor of expired keys.
 * RuntimeModule registers it for every service; a spec that mounts a controller alone registers it
 * with test options (`accessForTests` in @trottoir/testing).
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';

import { AccessGuard } from './access.guard';
import type { AccessOptions } from './access.options';
import { ACCESS_OPTIONS } from './access.tokens';
import { AccessRouteCheck } from './access-route.check';
import { AuditController } from './audit/audit.controller';
import { AUDIT_LOG } from './audit/audit-log.port';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency-store.port';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyJanitor } from './idempotency/idempotency.janitor';
import { OwnershipResolver } from './ownership/ownership.resolver';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({})
export class AccessModule {
  static register(options: AccessOptions): DynamicModule {
    return {
      module: AccessModule,
      imports: [DiscoveryModule],
      controllers: [AuditController],
      providers: [
        { provide: ACCESS_OPTIONS, useValue: options },
        { provide: RateLimiter, useValue: new RateLimiter(options.settings.rateLimit) },
        { provide: AUDIT_LOG, useValue: options.auditLog },
        { provide: IDEMPOTENCY_STORE, useValue: options.idempotency },
        OwnershipResolver,
        AccessGuard,
        IdempotencyInterceptor,
        AccessRouteCheck,
        IdempotencyJanitor,
      ],
      exports: [ACCESS_OPTIONS, RateLimiter, AUDIT_LOG, IDEMPOTENCY_STORE, OwnershipResolver, AccessGuard, IdempotencyInterceptor],
    };
  }
}
