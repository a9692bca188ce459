// Unit tests: pure, fast, no network. Integration specs (*.int.spec.ts) run from vitest.int.config.ts.
import { defineConfig, mergeConfig } from 'vitest/config';

import { sharedConfig } from './vitest.shared';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['{libs,services,tools,test}/**/*.spec.ts'],
      exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.spec.ts'],
      // A guard against hangs, not a speed check: some specs run the CLI or ESLint as child processes,
      // which is slow on two busy cores.
      testTimeout: 60_000,
    },
  }),
);
