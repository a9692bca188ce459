/**
 * The routes of a set of controllers with what they declare about access and documentation: what
 * the start-up check, the ownership resolver and the OpenAPI document read.
 */
import type { Type } from '@nestjs/common';

import type { AccessRule, RouteDoc } from './access.metadata';
import { ACCESS_RULE, PUBLIC_ROUTE, ROUTE_DOC, SECURED_CONTROLLER } from './access.metadata';
import { routeMethod, routePaths } from './route-path';

export interface RouteEntry {
  controller: Type<unknown>;
  handlerName: string;
  method: string;
  paths: string[];
  isPublic: boolean;
  secured: boolean;
  rule?: AccessRule;
  doc?: RouteDoc;
}

export function routesOf(controllers: readonly Type<unknown>[]): RouteEntry[] {
  const routes: RouteEntry[] = [];
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const handlerName of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, handlerName);
      const handler = descriptor?.value as object | undefined;
      if (handlerName === 'constructor' || typeof handler !== 'function') continue;
      const method = routeMethod(handler);
      if (method === undefined) continue;
      routes.push({
        controller,
        handlerName,
        method,
        paths: routePaths(controller, handler),
        isPublic: Boolean(Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller)),
        secured: Boolean(Reflect.getMetadata(SECURED_CONTROLLER, controller)),
        rule: Reflect.getMetadata(ACCESS_RULE, handler) as AccessRule | undefined,
        doc: Reflect.getMetadata(ROUTE_DOC, handler) as RouteDoc | undefined,
      });
    }
  }
  return routes;
}

/** Routes that are neither public nor secured with declared roles: an application must not start with one. */
export function undeclaredRoutes(routes: readonly RouteEntry[]): string[] {
  return routes
    .filter((route) => !route.isPublic && (!route.secured || !route.rule || route.rule.roles.length === 0))
    .map((route) => `${route.method} ${route.paths.join(', ')} (${route.controller.name}.${route.handlerName}): ${route.secured ? 'no @Allow(...)' : 'neither @Secured() on its controller nor @Public()'}`);
}
