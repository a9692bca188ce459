// @trottoir/testing: helpers for integration specs against the real Kafka and PostgreSQL started by
// the Vitest global setup (libs/testing/src/global-setup.ts).
export type { TestDatabase } from './test-database';
export { createTestDatabase, testDatabaseServers } from './test-database';

export { TopicRecorder } from './topic-recorder';
export { accessForTests, bearer, mintTestToken, TEST_JWT_SECRET, testAccessSettings } from './access';
export type { AccessForTests, TestTokenOptions } from './access';
export { useMigratedDatabase } from './migrated-database';
export type { MigratedTestDatabase } from './migrated-database';
export { childHoldingLease } from './lease-holder';
export type { KilledLeaseHolder } from './lease-holder';
