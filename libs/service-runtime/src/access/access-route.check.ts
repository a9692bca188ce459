/**
 * Refuses to start an application with a route that says nothing about access: every route must be
 * `@Public()` or on a `@Secured()` controller with `@Allow(...)`. This is what keeps a controller
 * added later (dispatch's, settlement's) from going out open by mistake.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { routesOf, undeclaredRoutes } from './route-table';

@Injectable()
export class AccessRouteCheck implements OnApplicationBootstrap {
  constructor(@Inject(DiscoveryService) private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const controllers = this.discovery.getControllers().map((wrapper) => wrapper.metatype as Type<unknown>).filter(Boolean);
    const undeclared = undeclaredRoutes(routesOf(controllers));
    if (undeclared.length > 0) throw new Error(`routes that declare no access (add @Secured() and @Allow(...), or @Public()):\n  ${undeclared.join('\n  ')}`);
  }
}
