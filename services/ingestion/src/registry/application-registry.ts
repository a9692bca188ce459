/**
 * The registry as the telemetry pipeline and the node state see it: SEGMENT_LOOKUP and GRID_TOPOLOGY
 * from whichever module of the application provides them (RegistryModule in the service, an in-memory
 * one in tests), found on first use once every module is built, so those modules do not depend on how
 * the registry is wired.
 */
import type { ModuleRef } from '@nestjs/core';
import type { GridNode } from '@trottoir/contracts';
import type { RegisteredSegment } from '@trottoir/fleet';

import type { GridTopology, SegmentLookup } from './segment-lookup.port';
import { GRID_TOPOLOGY, SEGMENT_LOOKUP } from './segment-lookup.port';

export class ApplicationRegistry implements SegmentLookup, GridTopology {
  private segmentLookup?: SegmentLookup;
  private gridTopology?: GridTopology;

  constructor(private readonly moduleRef: ModuleRef) {}

  private get segments(): SegmentLookup {
    this.segmentLookup ??= this.moduleRef.get<SegmentLookup>(SEGMENT_LOOKUP, { strict: false });
    return this.segmentLookup;
  }

  private get topology(): GridTopology {
    this.gridTopology ??= this.moduleRef.get<GridTopology>(GRID_TOPOLOGY, { strict: false });
    return this.gridTopology;
  }

  find(segmentId: string): RegisteredSegment | undefined {
    return this.segments.find(segmentId);
  }

  all(): readonly RegisteredSegment[] {
    return this.segments.all();
  }

  node(nodeId: string): GridNode | undefined {
    return this.topology.node(nodeId);
  }

  nodes(): readonly GridNode[] {
    return this.topology.nodes();
  }

  ancestorsOf(nodeId: string): readonly GridNode[] {
    return this.topology.ancestorsOf(nodeId);
  }
}
