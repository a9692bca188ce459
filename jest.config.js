// Unit tests: pure, fast, no network. Integration specs (*.int.spec.ts) run from jest.int.config.js.
module.exports = {
  ...require('./jest.preset'),
  testMatch: ['<rootDir>/{libs,services,tools,test}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.int\\.spec\\.ts$'],
};
