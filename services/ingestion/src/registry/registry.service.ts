/**
 * The fleet registry's use cases: register a grid node or a segment (validate, store with its event in
 * the outbox, relay it to the compacted topic), read them, and follow the compacted topics so that records published by other
 * processes (an import, the simulator's city) land in the database and in memory too.
 *
 * The topics are read from the beginning by a consumer group of this process alone, as a table:
 * every instance must see every partition to answer from memory, a record waiting for its grid node
 * must survive a restart (it is read again), and a member of the shared `ingestion` group would be
 * handed telemetry partitions by the round-robin assignor. The database stays the source at start.
 */

import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { fromJsonValue, GridNodeSchema, SegmentSchema, topics } from '@trottoir/contracts';
import type { GridNode, Segment } from '@trottoir/contracts';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { FleetRegistry, validateGridNode, validateSegment } from '@trottoir/fleet';
import { decodeEvent } from '@trottoir/messaging';
import type { MessageBatch } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { ConsumerSupervisor, LOGGER } from '@trottoir/service-runtime';

import { InvalidRegistryRecordError, UnknownRegistryRecordError } from './registry.errors';
import { RegistryPublisher } from './registry.publisher';
import type { RegistryRecords } from './registry-records.port';
import { REGISTRY_RECORDS } from './registry-records.port';

function decodeBody<T>(decode: () => T, recordType: 'segment' | 'grid node'): T {
  try {
    return decode();
  } catch (error) {
    throw new InvalidRegistryRecordError(recordType, [(error as Error).message]);
  }
}

@Injectable()
export class RegistryService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(FleetRegistry) readonly registry: FleetRegistry,
    @Inject(REGISTRY_RECORDS) private readonly store: RegistryRecords,
    @Inject(RegistryPublisher) private readonly publisher: RegistryPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
  ) {}

  async onModuleInit(): Promise<void> {
    this.registry.putGridNodes(await this.store.loadGridNodes());
    this.registry.putSegments(await this.store.loadSegments());
    this.logger.info({ gridNodes: this.registry.nodes().length, segments: this.registry.all().length }, 'fleet registry loaded');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.supervisor.subscribePerInstance(topics.fleetGridNode, { purpose: 'registry-nodes', fromBeginning: true }, (batch) => this.followGridNodeBatch(batch));
    await this.supervisor.subscribePerInstance(topics.fleetSegment, { purpose: 'registry-segments', fromBeginning: true }, (batch) => this.followSegmentBatch(batch));
  }

  async putGridNode(nodeId: string, body: unknown): Promise<GridNode> {
    const node = decodeBody(() => fromJsonValue(GridNodeSchema, body), 'grid node');
    const reasons = node.nodeId === nodeId ? this.registry.checkGridNode(node) : [`nodeId "${node.nodeId}" in the body differs from "${nodeId}" in the path`];
    if (reasons.length > 0) throw new InvalidRegistryRecordError('grid node', reasons);
    await this.store.upsertGridNodes([node], this.publisher.messagesOf({ gridNode: node }));
    this.registry.putGridNodes([node]);
    await this.announce('grid node', nodeId);
    return node;
  }

  async putSegment(segmentId: string, body: unknown): Promise<Segment> {
    const segment = decodeBody(() => fromJsonValue(SegmentSchema, body), 'segment');
    const reasons = segment.segmentId === segmentId ? this.registry.checkSegment(segment) : [`segmentId "${segment.segmentId}" in the body differs from "${segmentId}" in the path`];
    if (reasons.length > 0) throw new InvalidRegistryRecordError('segment', reasons);
    await this.store.upsertSegments([segment], this.publisher.messagesOf({ segment }));
    this.registry.putSegments([segment]);
    await this.announce('segment', segmentId);
    return segment;
  }

  /** The change is stored with its event; a relay that cannot send it now leaves it to the next pass. */
  private async announce(recordType: 'grid node' | 'segment', id: string): Promise<void> {
    if (!(await this.publisher.flush())) this.logger.warn({ recordType, id }, 'registry change stored; its event waits in the outbox for the next relay pass');
  }

  getGridNode(nodeId: string): GridNode {
    const node = this.registry.node(nodeId);
    if (!node) throw new UnknownRegistryRecordError('grid node', nodeId);
    return node;
  }

  /** The full record from the database (memory holds only what validation needs); known = in memory. */
  async getSegment(segmentId: string): Promise<Segment> {
    const [segment] = this.registry.find(segmentId) ? await this.store.loadSegments([segmentId]) : [];
    if (!segment) throw new UnknownRegistryRecordError('segment', segmentId);
    return segment;
  }

  async segmentsUnder(nodeId: string): Promise<Segment[]> {
    if (!this.registry.node(nodeId)) throw new UnknownRegistryRecordError('grid node', nodeId);
    const segments = await this.store.loadSegments(this.registry.segmentIdsUnder(nodeId));
    return segments.sort((a, b) => a.segmentId.localeCompare(b.segmentId));
  }

  /** Applies one batch of fleet.grid-node.v1; a record that fails validation is logged and skipped. */
  private async followGridNodeBatch(batch: MessageBatch<typeof topics.fleetGridNode.schema>): Promise<void> {
    const skip = this.skipper(batch);
    await this.followGridNodes(this.decodeAll(batch, (node) => validateGridNode(node, () => undefined, { unknownReferences: 'accept' }), skip), skip);
    // New grid nodes may be what waiting segments were missing.
    await this.followSegments([], skip);
  }

  /** Applies one batch of fleet.segment.v1; a record that fails validation is logged and skipped. */
  private async followSegmentBatch(batch: MessageBatch<typeof topics.fleetSegment.schema>): Promise<void> {
    const skip = this.skipper(batch);
    await this.followSegments(this.decodeAll(batch, (segment) => validateSegment(segment, () => undefined, { unknownReferences: 'accept' }), skip), skip);
  }

  private skipper(batch: MessageBatch): (key: string, reason: string) => void {
    return (key, reason) => this.logger.warn({ topic: batch.topic.name, key, reason }, 'registry record skipped');
  }

  /** Decodes a batch, keeping the records that pass the checks that need no other record. */
  private decodeAll<S extends DescMessage>(batch: MessageBatch<S>, check: (record: MessageShape<S>) => string[], skip: (key: string, reason: string) => void): MessageShape<S>[] {
    return batch.messages.flatMap((message) => {
      try {
        const record = decodeEvent(batch.topic, message);
        const reasons = check(record);
        if (reasons.length === 0) return [record];
        skip(message.key, reasons.join('; '));
      } catch (error) {
        skip(message.key, (error as Error).message);
      }
      return [];
    });
  }

  private async followGridNodes(incoming: GridNode[], skip: (key: string, reason: string) => void): Promise<void> {
    const { admitted, refused } = this.registry.admitGridNodes(incoming);
    for (const { id, reasons } of refused) skip(id, reasons.join('; '));
    try {
      await this.store.upsertGridNodes(admitted);
    } catch (error) {
      this.registry.waitGridNodes(admitted);
      throw error;
    }
    this.registry.putGridNodes(admitted);
  }

  private async followSegments(incoming: Segment[], skip: (key: string, reason: string) => void): Promise<void> {
    const { admitted, refused } = this.registry.admitSegments(incoming);
    for (const { id, reasons } of refused) skip(id, reasons.join('; '));
    try {
      await this.store.upsertSegments(admitted);
    } catch (error) {
      this.registry.waitSegments(admitted);
      throw error;
    }
    this.registry.putSegments(admitted);
  }
}
