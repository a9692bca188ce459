/**
 * The GridOwnership the access guard asks: the service's own (GRID_OWNERSHIP, from whichever module
 * provides it) or, when it has none and one of its routes is scoped to nodes or segments, the fleet
 * topics followed by the runtime. Decided once the application is built, before it takes requests.
 */
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import type { Type } from '@nestjs/common';

import { ConsumerSupervisor } from '../../consumer-supervisor';
import { followFleet } from '../../fleet-follower';
import { AccessOptions } from '../access.options';
import { ACCESS_OPTIONS } from '../access.tokens';
import { GRID_OWNERSHIP } from '../grid-ownership.port';
import type { GridOwnership } from '../grid-ownership.port';
import { routesOf } from '../route-table';
import { FleetOwnership } from './fleet-ownership';

@Injectable()
export class OwnershipResolver implements GridOwnership, OnApplicationBootstrap {
  private source: GridOwnership | undefined;
  private readonly followed = new FleetOwnership();

  constructor(
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.source = this.provided();
    if (this.source) return;
    this.source = this.followed;
    const controllers = this.discovery.getControllers().map((wrapper) => wrapper.metatype as Type<unknown>).filter(Boolean);
    const scoped = routesOf(controllers).some((route) => route.rule?.scope.some((target) => target.kind === 'node' || target.kind === 'segment' || target.kind === 'stored'));
    const supervisor = this.lookup<ConsumerSupervisor>(ConsumerSupervisor);
    if (scoped && supervisor) await followFleet(supervisor, this.followed, this.options.logger, 'access-fleet');
  }

  dsoOfNode(nodeId: string): string | undefined {
    return this.current().dsoOfNode(nodeId);
  }

  nodeOfSegment(segmentId: string): string | undefined {
    return this.current().nodeOfSegment(segmentId);
  }

  private current(): GridOwnership {
    this.source ??= this.provided() ?? this.followed;
    return this.source;
  }

  private provided(): GridOwnership | undefined {
    return this.lookup<GridOwnership>(GRID_OWNERSHIP);
  }

  private lookup<T>(token: symbol | Type<T>): T | undefined {
    try {
      return this.moduleRef.get<T>(token, { strict: false });
    } catch {
      return undefined;
    }
  }
}
