/**
 * Where Idempotency-Keys and the first answer to each are kept, per principal. `begin` reserves a key
 * for a request (or says what happened to it before), `complete` stores the answer once sent,
 * `release` frees a key whose request failed on our side (5xx), so a retry may run. A key expires
 * after the configured time and may then be used again. Adapters: PostgreSQL
 * (`PgIdempotencyStore`, table idempotency_key) and in memory; one contract suite for both.
 */
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

export interface StoredResponse {
  status: number;
  contentType?: string;
  /** The answer's body as sent. */
  body: string;
}

export interface IdempotentRequest {
  subject: string;
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  nowTs: number;
  expiresTs: number;
}

export type BeginOutcome =
  | { outcome: 'started' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

export interface IdempotencyStore {
  begin(request: IdempotentRequest): Promise<BeginOutcome>;
  complete(subject: string, key: string, response: StoredResponse): Promise<void>;
  release(subject: string, key: string): Promise<void>;
  /** Deletes keys expired at `nowTs`; returns how many. */
  purgeExpired(nowTs: number): Promise<number>;
}
