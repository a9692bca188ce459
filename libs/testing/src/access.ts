/**
 * Tokens and access settings for specs: a test secret (HS256), tokens minted for it with any roles
 * and scope, and the access layer of a service registered with in-memory stores, for a spec that
 * mounts a controller alone.
 */
import type { DynamicModule } from '@nestjs/common';
import { systemClock } from '@trottoir/kernel';
import type { Clock } from '@trottoir/kernel';
import { createLogger } from '@trottoir/observability';
import type { AccessSettings, AuditLog, IdempotencyStore, Role } from '@trottoir/service-runtime';
import { AccessModule, claimsOf, InMemoryAuditLog, InMemoryIdempotencyStore, signHs256 } from '@trottoir/service-runtime';

export const TEST_JWT_SECRET = 'trottoir-test-secret-0123456789abcdef-0123456789';

export function testAccessSettings(overrides: Partial<AccessSettings> = {}): AccessSettings {
  return {
    mode: 'jwt',
    key: { algorithm: 'HS256', secret: TEST_JWT_SECRET },
    clockSkewS: 30,
    // Generous: specs fire requests in bursts; the rate-limit spec sets its own.
    rateLimit: { perSecond: 1_000, burst: 10_000 },
    idempotencyTtlMs: 3_600_000,
    ...overrides,
  };
}

export interface TestTokenOptions {
  roles: Role[];
  subject?: string;
  dsoId?: string;
  segmentIds?: string[];
  ttlS?: number;
  /** Epoch ms the token is issued at (the clock of the service under test); default now. */
  nowMs?: number;
  secret?: string;
}

export function mintTestToken(options: TestTokenOptions): string {
  const issuedAtS = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const subject = options.subject ?? `test-${options.roles.join('+')}${options.dsoId ? `-${options.dsoId}` : ''}`;
  return signHs256(claimsOf({ subject, roles: options.roles, dsoId: options.dsoId, segmentIds: options.segmentIds }, issuedAtS, options.ttlS ?? 3_600), options.secret ?? TEST_JWT_SECRET);
}

/** `Authorization` header of a test token. */
export function bearer(options: TestTokenOptions): { authorization: string } {
  return { authorization: `Bearer ${mintTestToken(options)}` };
}

export interface AccessForTests {
  module: DynamicModule;
  auditLog: AuditLog;
  idempotency: IdempotencyStore;
}

/** The access layer for a spec module that mounts controllers alone (no RuntimeModule). */
export function accessForTests(options: { service?: string; settings?: AccessSettings; clock?: Clock; auditLog?: AuditLog; idempotency?: IdempotencyStore } = {}): AccessForTests {
  const auditLog = options.auditLog ?? new InMemoryAuditLog();
  const idempotency = options.idempotency ?? new InMemoryIdempotencyStore();
  const module = AccessModule.register({
    service: options.service ?? 'spec',
    settings: options.settings ?? testAccessSettings(),
    clock: options.clock ?? systemClock,
    logger: createLogger({ service: options.service ?? 'spec', level: 'silent' }),
    auditLog,
    idempotency,
  });
  return { module, auditLog, idempotency };
}
