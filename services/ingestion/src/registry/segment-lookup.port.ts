/**
 * How the telemetry pipeline learns a segment's ratings: the registry keeps every known segment
 * (from the database and the compacted topic fleet.segment.v1) and answers from memory.
 */
import type { Segment } from '@trottoir/contracts';

export const SEGMENT_LOOKUP = Symbol('SEGMENT_LOOKUP');

export interface SegmentLookup {
  /** The registered segment, or undefined when the id is unknown. */
  find(segmentId: string): Segment | undefined;
}
