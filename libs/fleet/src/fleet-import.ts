/**
 * Validation of a whole fleet file: every record is checked on its own and against the others
 * (duplicate ids, parents defined later in the file, parents that were themselves rejected). Good
 * records are kept, grid nodes ordered parents first (`orderParentsFirst`) so they can be registered
 * in that order; each bad one is reported with where it stands in the file and why.
 */
import type { GridNode, Segment } from '@trottoir/contracts';

import { validateGridNode, validateSegment } from './fleet.validation';
import type { NodeLookup, ValidationOptions } from './fleet.validation';
import { orderParentsFirst } from './parents-first';

/** Where a record stands in its file: the 1-based text line, and for GeoJSON the 0-based feature index. */
export interface RecordLocation {
  line: number;
  feature?: number;
}

export interface Located<T> {
  record: T;
  at: RecordLocation;
}

export interface Rejection {
  at: RecordLocation;
  /** The record's id when it could be read, else ''. */
  id: string;
  reason: string;
}

export interface FleetBatch {
  gridNodes: Located<GridNode>[];
  segments: Located<Segment>[];
  rejected: Rejection[];
}

export function describeLocation(at: RecordLocation): string {
  return at.feature === undefined ? `line ${at.line}` : `line ${at.line} (feature ${at.feature})`;
}

export interface FleetValidationOptions extends ValidationOptions {
  /** Nodes already registered elsewhere, which the file's records may reference. */
  lookup?: NodeLookup;
}

export function validateFleet(batch: FleetBatch, options: FleetValidationOptions = {}): FleetBatch {
  const rejected: Rejection[] = [...batch.rejected];
  const reject = (at: RecordLocation, id: string, reason: string) => rejected.push({ at, id, reason });
  const candidates = new Map<string, Located<GridNode>>();
  for (const located of batch.gridNodes) {
    const first = candidates.get(located.record.nodeId);
    if (first) reject(located.at, located.record.nodeId, `duplicate nodeId "${located.record.nodeId}" (first at ${describeLocation(first.at)})`);
    else candidates.set(located.record.nodeId, located);
  }

  const accepted = new Map<string, GridNode>();
  // Records that could not even be read are refused too, so that what hangs from them says so.
  const refused = new Set<string>(batch.rejected.map((rejection) => rejection.id).filter((id) => id !== '' && !candidates.has(id)));
  const ordered: Located<GridNode>[] = [];
  const lookup: NodeLookup = (id) => accepted.get(id) ?? (candidates.has(id) ? undefined : options.lookup?.(id));
  // A parent outside the file is left to the lookup: validation says so when it does not know it.
  for (const placement of orderParentsFirst(candidates.values(), (located) => located.record, (id) => !candidates.has(id))) {
    const located = placement.record;
    const node = located.record;
    const parentRefused = placement.status === 'waiting' || refused.has(node.parentId);
    const reasons = parentRefused
      ? [`parent "${node.parentId}" ${placement.status === 'waiting' && placement.cause === 'cycle' ? 'is part of a cycle' : 'was rejected'}`]
      : validateGridNode(node, lookup, options);
    if (reasons.length > 0) {
      refused.add(node.nodeId);
      reject(located.at, node.nodeId, reasons.join('; '));
    } else {
      accepted.set(node.nodeId, node);
      ordered.push(located);
    }
  }

  const segments: Located<Segment>[] = [];
  const seenSegments = new Map<string, RecordLocation>();
  for (const located of batch.segments) {
    const segment = located.record;
    const first = seenSegments.get(segment.segmentId);
    if (first) {
      reject(located.at, segment.segmentId, `duplicate segmentId "${segment.segmentId}" (first at ${describeLocation(first)})`);
      continue;
    }
    seenSegments.set(segment.segmentId, located.at);
    if (refused.has(segment.gridNodeId)) {
      reject(located.at, segment.segmentId, `grid node "${segment.gridNodeId}" was rejected`);
      continue;
    }
    const reasons = validateSegment(segment, lookup, options);
    if (reasons.length > 0) reject(located.at, segment.segmentId, reasons.join('; '));
    else segments.push(located);
  }
  rejected.sort((a, b) => a.at.line - b.at.line);
  return { gridNodes: ordered, segments, rejected };
}
