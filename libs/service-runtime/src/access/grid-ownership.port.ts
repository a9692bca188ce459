/**
 * Who owns what on the grid, as a service knows it: the DSO of each grid node (`dsoId` in the
 * registry) and the grid node of each segment. A service that keeps the fleet in memory provides
 * GRID_OWNERSHIP from it (ingestion from its registry, forecasting from its fleet view); for the
 * others the runtime follows the fleet topics itself (FleetOwnership).
 */
export const GRID_OWNERSHIP = Symbol('GRID_OWNERSHIP');

export interface GridOwnership {
  /** The DSO that owns a grid node; undefined when the node is unknown here. */
  dsoOfNode(nodeId: string): string | undefined;
  /** The grid node a segment is connected to; undefined when the segment is unknown here. */
  nodeOfSegment(segmentId: string): string | undefined;
}
