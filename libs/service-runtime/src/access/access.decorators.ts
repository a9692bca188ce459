/**
 * How a controller opts into the access rules: `@Secured()` on the class puts the access guard and
 * the idempotency interceptor on every route; each route then says who may call it with `@Allow(...)`
 * and what it acts on with `@Scope(...)`. `@Public()` leaves a route open (health, metrics, docs).
 * A secured route without `@Allow` is refused to everyone, and the application does not start with
 * one (see AccessRouteCheck), so a forgotten decorator cannot open a route.
 */
import { applyDecorators, createParamDecorator, SetMetadata, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';

import { AccessGuard } from './access.guard';
import type { RouteDoc, ScopeTarget } from './access.metadata';
import { ACCESS_RULE, PUBLIC_ROUTE, ROUTE_DOC, SECURED_CONTROLLER } from './access.metadata';
import { accessStateOf } from './access-state';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { ReplayedResponseFilter } from './idempotency/replayed-response';
import type { Principal, Role } from './principal';

export function Secured(): ClassDecorator {
  return applyDecorators(SetMetadata(SECURED_CONTROLLER, true), UseGuards(AccessGuard), UseInterceptors(IdempotencyInterceptor), UseFilters(ReplayedResponseFilter));
}

export function Public(): ClassDecorator & MethodDecorator {
  return SetMetadata(PUBLIC_ROUTE, true);
}

/** Roles that may call the route besides `admin` (who may call every secured route). */
export function Allow(...roles: Role[]): MethodDecorator {
  return (target, key, descriptor) => {
    const previous = Reflect.getMetadata(ACCESS_RULE, descriptor.value as object) as { scope?: ScopeTarget[] } | undefined;
    SetMetadata(ACCESS_RULE, { roles, scope: previous?.scope ?? [] })(target, key, descriptor);
  };
}

/** What the route acts on; a dso-operator or device is checked against each target. */
export function Scope(...targets: ScopeTarget[]): MethodDecorator {
  return (target, key, descriptor) => {
    const previous = Reflect.getMetadata(ACCESS_RULE, descriptor.value as object) as { roles?: Role[] } | undefined;
    SetMetadata(ACCESS_RULE, { roles: previous?.roles ?? [], scope: targets })(target, key, descriptor);
  };
}

/** Summary, parameters, body and answers of the route in the OpenAPI document. */
export function Doc(doc: RouteDoc): MethodDecorator {
  return SetMetadata(ROUTE_DOC, doc);
}

/** The verified principal of the request, for handlers that check scope on what they parsed. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = accessStateOf(context.switchToHttp().getRequest()).principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without the access guard (@Secured)');
  return principal;
});
