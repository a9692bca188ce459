/**
 * Test fixture: a registry module answering SEGMENT_LOOKUP, GRID_TOPOLOGY and GRID_OWNERSHIP from
 * fixed contract records, standing in for RegistryModule in node-state specs.
 */
import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { GridNode, Segment } from '@trottoir/contracts';
import { GRID_OWNERSHIP } from '@trottoir/service-runtime';

import type { GridTopology, SegmentLookup } from '../registry/segment-lookup.port';
import { GRID_TOPOLOGY, SEGMENT_LOOKUP } from '../registry/segment-lookup.port';

export function inMemorySegmentLookup(segments: readonly Segment[]): SegmentLookup {
  const byId = new Map(segments.map((segment) => [segment.segmentId, segment]));
  return { find: (segmentId) => byId.get(segmentId), all: () => [...byId.values()] };
}

export function inMemoryGridTopology(nodes: readonly GridNode[]): GridTopology {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  return {
    node: (nodeId) => byId.get(nodeId),
    nodes: () => [...byId.values()],
    ancestorsOf: (nodeId) => {
      const path: GridNode[] = [];
      for (let node = byId.get(nodeId); node && !path.includes(node); node = byId.get(node.parentId)) path.push(node);
      return path;
    },
  };
}

@Module({})
class InMemoryRegistryModule {}

export function inMemoryRegistryModule(nodes: readonly GridNode[], segments: readonly Segment[]): DynamicModule {
  return {
    module: InMemoryRegistryModule,
    providers: [
      { provide: SEGMENT_LOOKUP, useValue: inMemorySegmentLookup(segments) },
      { provide: GRID_TOPOLOGY, useValue: inMemoryGridTopology(nodes) },
      {
        provide: GRID_OWNERSHIP,
        useValue: { dsoOfNode: (nodeId: string) => nodes.find((node) => node.nodeId === nodeId)?.dsoId, nodeOfSegment: (segmentId: string) => segments.find((segment) => segment.segmentId === segmentId)?.gridNodeId },
      },
    ],
    exports: [SEGMENT_LOOKUP, GRID_TOPOLOGY, GRID_OWNERSHIP],
  };
}
