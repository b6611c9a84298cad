// ESLint (flat config): typescript-eslint with type information for the API, libs, sandbox, tests and
// the SPA; react-hooks for the SPA; the architecture's import boundaries (eslint/boundaries.mjs).
// `npm run lint` runs it; `npm test` runs it before jest (scripts/test.js). Formatting is Prettier's
// job, so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from './eslint/boundaries.mjs';

const tests = ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**', 'libs/*/test/**'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', 'coverage/**', 'artifacts/**', '.data/**', 'apps/web/src/lib/api/schema.d.ts'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  // plain JavaScript (scripts, jest config): CommonJS on Node, no type information
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },

  // TypeScript everywhere, with type information (each file is checked against the tsconfig.json nearest to it)
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { wavu: boundaries },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports' }],
      'wavu/boundaries': 'error',
      // `_name` marks a deliberately unused binding, and `const { secret: _secret, ...rest } = row` is how
      // a field is left out of a copy
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `'KES' | 'UGX' | string` is written on purpose: the literals document the usual values (and editors
      // offer them) while any string stays allowed; the rule calls every such union redundant
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // `async` without `await` is deliberate where it stands (fakes and handlers of async interfaces,
      // close()): the function returns a promise and a throw becomes a rejection; dropping `async` would
      // change when an error surfaces
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Node code: the API, sandbox, tunnel process, libs, tests, migrations, benches.
  // consistent-type-imports and Nest's DI: emitDecoratorMetadata is on, so a class named in a decorated
  // constructor's parameters or a decorated property's type is read at run time (DI, validation pipes),
  // and turning its import into `import type` would erase it. The rule reads emitDecoratorMetadata and
  // experimentalDecorators from tsconfig.json (type information) and then leaves every file that has a
  // decorator alone, so it only rewrites imports in files where no metadata is emitted. The e2e suites
  // (conventions, routers) boot the whole app and prove DI still resolves.
  {
    files: ['apps/api/**/*.ts', 'apps/sandbox/**/*.ts', 'apps/tunnel/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'migrations/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: globals.node },
  },

  // the SPA and the captive portal
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // the web build config has its own tsconfig.node.json, which the project service does not look for
    files: ['apps/web/vite.config.ts'],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: false, project: ['apps/web/tsconfig.node.json'] },
    },
  },

  // Daraja's JSON (client, simulator and their tests) carries codes and ids as numbers or strings, and
  // `String(body.ResultCode)` is the intended coercion of such an unknown wire value; the rule reads
  // every narrowed `unknown` as an object that would print "[object Object]"
  {
    files: ['libs/daraja/**', 'libs/daraja-sim/**', 'libs/pesapal/test/**'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },

  // tests may import deep (a module's internal files, the simulators)
  {
    files: tests,
    rules: { 'wavu/boundaries': 'off' },
  },
  // Tests and benches read HTTP response bodies (supertest's `body` is `any`) and JSON, and hand
  // partial fakes to the code under test: the no-unsafe-* family and no-explicit-any would flag
  // nearly every assertion (about 2,400 findings) without finding a bug. The assertions check the values.
  {
    files: [...tests, 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // tests keep a prototype's method to restore it or call it from a spy (`original.call(this)`)
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
