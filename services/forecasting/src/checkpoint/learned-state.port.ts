/**
 * Where the cycle keeps the models' learned state between processes: checkpoints of binary parts
 * (forecaster-checkpoint.ts of @trottoir/forecasting-domain), each tagged with the versions that wrote it.
 * Adapters: PgLearnedStateStore (forecaster_checkpoint tables), InMemoryLearnedStateStore (unit specs);
 * one contract suite (learned-state-store.contract.ts).
 */
export const LEARNED_STATE_STORE = Symbol('LearnedStateStore');

export interface CheckpointMeta {
  /** FORECASTER_STATE_VERSION of the domain library that wrote it. */
  readonly stateVersion: string;
  /** The service's model version (TROTTOIR_FORECAST_MODEL_VERSION). */
  readonly modelVersion: string;
  /** Quarter-hours starting before this (epoch ms) had been learned. */
  readonly learnedUpToTs: number;
  /** The issue after which it was taken. */
  readonly issuedAt: number;
}

export interface LearnedStateStore {
  /**
   * Stores a checkpoint from `parts` (consumed one at a time), atomically: a reader sees the previous
   * checkpoint or this one whole, never part of it, whatever stops the writer. Older ones are dropped.
   * Returns the bytes written.
   */
  save(meta: CheckpointMeta, parts: Iterable<Uint8Array>): Promise<number>;
  /**
   * The latest checkpoint written by exactly these versions: hands its parts to `onPart` in order, one
   * at a time, and returns its meta; undefined (and no part) when there is none.
   */
  loadLatest(versions: Pick<CheckpointMeta, 'stateVersion' | 'modelVersion'>, onPart: (bytes: Uint8Array) => void): Promise<CheckpointMeta | undefined>;
}
