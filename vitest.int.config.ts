// Integration tests against the real components: an Apache Kafka broker (KRaft) and PostgreSQL.
// The global setup starts them unless KAFKA_BROKERS / DATABASE_URL already point at running ones.
import { defineConfig, mergeConfig } from 'vitest/config';

import { sharedConfig } from './vitest.shared';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['{libs,services,tools,test}/**/*.int.spec.ts'],
      globalSetup: ['libs/testing/src/global-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // Two cores: files run two at a time, each in its own process.
      pool: 'forks',
      maxWorkers: 2,
    },
  }),
);
