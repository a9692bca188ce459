/**
 * The segment registry as the telemetry pipeline sees it: SEGMENT_LOOKUP from whichever module of the
 * application provides it (the registry module), found once all modules are built, so this module
 * does not depend on how the registry is wired.
 */
import type { ModuleRef } from '@nestjs/core';
import type { Segment } from '@trottoir/contracts';

import type { SegmentLookup } from '../registry/segment-lookup.port';
import { SEGMENT_LOOKUP } from '../registry/segment-lookup.port';

export class RegistrySegments implements SegmentLookup {
  private resolved: SegmentLookup | undefined;

  constructor(private readonly moduleRef: ModuleRef) {}

  private get registry(): SegmentLookup {
    this.resolved ??= this.moduleRef.get<SegmentLookup>(SEGMENT_LOOKUP, { strict: false });
    return this.resolved;
  }

  find(segmentId: string): Segment | undefined {
    return this.registry.find(segmentId);
  }

  all(): readonly Segment[] {
    return this.registry.all();
  }
}
