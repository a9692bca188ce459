// Integration tests against the real components: an Apache Kafka broker (KRaft) and PostgreSQL.
// The global setup starts them unless KAFKA_BROKERS / DATABASE_URL already point at running ones.
module.exports = {
  ...require('./jest.preset'),
  testMatch: ['<rootDir>/{libs,services,tools,test}/**/*.int.spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 120_000,
  maxWorkers: 2,
};
