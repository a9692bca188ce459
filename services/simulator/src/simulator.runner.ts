/**
 * The simulator service at work: on start it generates the city, publishes its grid nodes and
 * segments on the registry topics, subscribes to setpoints (group `simulator`), acknowledging each on
 * dispatch.ack.v1 (applied, or rejected with the reason), and then, every interval of simulated time
 * (scaled by the speed), steps the fleet and publishes one reading per segment on telemetry.raw.v1.
 * Segments made unresponsive (fault injection) neither obey nor acknowledge. On shutdown it stops its
 * timer and lets the step in flight finish.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { create } from '@bufbuild/protobuf';
import { SetpointAckSchema, SetpointAckStatus, topics } from '@trottoir/contracts';
import type { SetpointAck } from '@trottoir/contracts';
import { generateCity } from '@trottoir/fleet';
import type { Clock } from '@trottoir/kernel';
import { decodeEvent } from '@trottoir/messaging';
import type { MessageBatch, MessageBus } from '@trottoir/messaging';
import type { Logger } from '@trottoir/observability';
import { CLOCK, ConsumerSupervisor, LOGGER, MESSAGE_BUS } from '@trottoir/service-runtime';
import { applySetpoint, createFleetState, stepDueAtMs, stepFleet, stepStampTs } from '@trottoir/simulator';
import type { FleetState } from '@trottoir/simulator';

import { SIMULATOR_CONFIG } from './simulator.config';
import type { SimulatorConfig } from './simulator.config';
import { SimulatorMetrics } from './simulator.metrics';
import { UnresponsiveSegments } from './unresponsive-segments';

const SOURCE = 'trottoir/simulator';
const PUBLISH_BATCH = 5_000;

@Injectable()
export class SimulatorRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private fleet: FleetState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private step = 0;
  private wallStartMs = 0;
  private simStartTs = 0;
  /** Simulated instant of the last step; setpoints already expired by then are dropped. */
  private simNowTs = 0;

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: SimulatorConfig,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(ConsumerSupervisor) private readonly supervisor: ConsumerSupervisor,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SimulatorMetrics) private readonly metrics: SimulatorMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(UnresponsiveSegments) private readonly unresponsive: UnresponsiveSegments,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { segments, seed, timeZone } = this.config;
    const city = generateCity({ segments, seed });
    const fleet = createFleetState(city.segments, { seed, timeZone });
    this.fleet = fleet;
    this.metrics.segments.set(city.segments.length);
    await this.bus.publish(topics.fleetGridNode, city.gridNodes, { source: SOURCE });
    for (let i = 0; i < city.segments.length; i += PUBLISH_BATCH) {
      await this.bus.publish(topics.fleetSegment, city.segments.slice(i, i + PUBLISH_BATCH), { source: SOURCE });
    }
    await this.supervisor.subscribe(topics.dispatchSetpoint, {}, (batch) => this.onSetpoints(batch));
    const intervalMs = this.config.intervalS * 1_000;
    this.wallStartMs = this.clock.now();
    this.simStartTs = this.config.startTs ?? Math.floor(this.wallStartMs / intervalMs) * intervalMs;
    this.simNowTs = this.simStartTs;
    this.logger.info({ segments: city.segments.length, gridNodes: city.gridNodes.length, seed, speed: this.config.speed, intervalS: this.config.intervalS, start: new Date(this.simStartTs).toISOString() }, 'simulated fleet published; stepping');
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    // A meter reports at the end of its interval (which also gives the registry one interval to learn
    // the city just published), and never before that instant on the wall clock.
    const dueMs = stepDueAtMs(this.step, this.wallStartMs, this.simStartTs, this.config.intervalS * 1_000, this.config.speed);
    this.timer = setTimeout(() => {
      this.inFlight = this.runStep().finally(() => this.schedule());
    }, Math.max(0, dueMs - this.clock.now()));
  }

  private async runStep(): Promise<void> {
    const fleet = this.fleet;
    if (!fleet || this.stopped) return;
    const intervalMs = this.config.intervalS * 1_000;
    const ts = stepStampTs(this.step, this.simStartTs, intervalMs);
    const stopTimer = this.metrics.stepSeconds.startTimer();
    try {
      const readings = stepFleet(fleet, ts, intervalMs);
      this.simNowTs = ts;
      for (let i = 0; i < readings.length; i += PUBLISH_BATCH) {
        await this.bus.publish(topics.telemetryRaw, readings.slice(i, i + PUBLISH_BATCH), { source: SOURCE, time: ts });
        this.metrics.readingsPublished.inc(Math.min(PUBLISH_BATCH, readings.length - i));
      }
    } catch (error) {
      // The step is lost, not the service: the next interval tries again with the next step.
      this.logger.error({ err: error, ts: new Date(ts).toISOString() }, 'simulation step failed');
    } finally {
      stopTimer();
      this.step++;
    }
  }

  private async onSetpoints(batch: MessageBatch<typeof topics.dispatchSetpoint.schema>): Promise<void> {
    const fleet = this.fleet;
    if (!fleet) throw new Error('setpoint before the fleet exists');
    const acks: SetpointAck[] = [];
    for (const message of batch.messages) {
      let outcome: string;
      try {
        const setpoint = decodeEvent(batch.topic, message);
        if (this.unresponsive.has(setpoint.segmentId)) {
          outcome = 'ignored-unresponsive';
        } else {
          outcome = applySetpoint(fleet, setpoint, this.simNowTs);
          if (outcome !== 'applied') this.logger.warn({ segmentId: setpoint.segmentId, setpointId: setpoint.setpointId, outcome }, 'setpoint not applied');
          acks.push(
            create(SetpointAckSchema, {
              setpointId: setpoint.setpointId,
              segmentId: setpoint.segmentId,
              status: outcome === 'applied' ? SetpointAckStatus.APPLIED : SetpointAckStatus.REJECTED,
              reason: outcome === 'applied' ? '' : outcome,
              ackedAt: this.clock.now(),
            }),
          );
        }
      } catch (error) {
        // A setpoint that cannot be read is skipped (and cannot be answered: its id is unknown);
        // blocking the partition would block every later one.
        outcome = 'undecodable';
        this.logger.warn({ err: error, offset: String(message.offset) }, 'undecodable setpoint skipped');
      }
      this.metrics.setpoints.inc({ outcome });
    }
    // Answered once the batch is taken: a crash before this redelivers the setpoints, which are idempotent by id.
    await this.bus.publish(topics.dispatchAck, acks, { source: SOURCE, time: this.clock.now() });
  }
}
