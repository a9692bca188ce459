/** IdempotencyStore in memory: for unit specs and services without a database. */
import type { BeginOutcome, IdempotencyStore, IdempotentRequest, StoredResponse } from './idempotency-store.port';

interface Entry {
  fingerprint: string;
  expiresTs: number;
  response?: StoredResponse;
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  async begin(request: IdempotentRequest): Promise<BeginOutcome> {
    const id = JSON.stringify([request.subject, request.key]);
    const existing = this.entries.get(id);
    if (!existing || existing.expiresTs <= request.nowTs) {
      this.entries.set(id, { fingerprint: request.fingerprint, expiresTs: request.expiresTs });
      return { outcome: 'started' };
    }
    if (existing.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
    return existing.response ? { outcome: 'replay', response: { ...existing.response } } : { outcome: 'in-progress' };
  }

  async complete(subject: string, key: string, response: StoredResponse): Promise<void> {
    const entry = this.entries.get(JSON.stringify([subject, key]));
    if (entry) entry.response = { ...response };
  }

  async release(subject: string, key: string): Promise<void> {
    this.entries.delete(JSON.stringify([subject, key]));
  }

  async purgeExpired(nowTs: number): Promise<number> {
    let purged = 0;
    for (const [id, entry] of this.entries) {
      if (entry.expiresTs <= nowTs) {
        this.entries.delete(id);
        purged++;
      }
    }
    return purged;
  }
}
