// ESLint for the kit's TypeScript and JavaScript (run by `npm run lint`, after Redocly's lint of the
// spec). typescript-eslint's recommended rules without type information: they need no program
// build, so lint stays a few seconds (docs/performance.md).
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// A dependency is used through what it documents. Its build output and sources are its own to
// change in any release: an import of them breaks silently on upgrade (issue 30). The one exception,
// `ajv/dist/2020`, is the entry point Ajv documents for JSON Schema 2020-12 (OpenAPI 3.1's dialect).
const internals = {
  regex: '^(?!ajv/dist/2020(\\.js)?$)(@[^/]+/)?[^./@][^/]*/(.+/)?(dist|lib|src|build|internal)(/|$)',
  message: "imports another package's internals: use what the package exports and documents (see docs/design/TOOLCHAIN.md)",
};

export default defineConfig(
  { ignores: ['**/node_modules/', '**/dist/', 'generated/', 'releases/', 'data/', 'coverage/', 'reports/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [internals] }],
      // `_` names a value left out on purpose (a destructured field dropped, an unused parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Off where a body is read before (or instead of) being checked against the spec: an answer
    // under test may be anything, and `unknown` would ask for a cast at each field a check reads.
    files: ['test/**', 'contract-tests/**', 'scripts/*.d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Off here: Kysely's Dialect interface declares `createIntrospector(db: Kysely<any>)`.
    files: ['server/db/postgres-introspector.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

