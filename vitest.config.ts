// Unit tests: pure, fast, no network. Integration specs (*.int.spec.ts) run from vitest.int.config.ts.
import { defineConfig, mergeConfig } from 'vitest/config';

import { sharedConfig } from './vitest.shared';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      include: ['{libs,services,tools,test}/**/*.spec.ts'],
      exclude: ['**/node_modules/**', '**/dist/**', '**/*.int.spec.ts'],
    },
  }),
);
