// ESLint flat config: `npx eslint .` (also part of `npm run lint` and `npm test`).
// Syntax-only rules (no type information) so that linting stays fast.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The few Node globals the .mjs scripts use, listed here rather than pulled in from another package.
const nodeGlobals = Object.fromEntries(
  [
    'process', 'console', 'performance', 'URL', 'URLSearchParams', 'Buffer', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone',
    'TextEncoder', 'TextDecoder', 'fetch', 'AbortController', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig([
  // wasm/ holds AssemblyScript (its own compiler and type rules; see wasm/README.md).
  globalIgnores(['dist/', 'build/', 'node_modules/', 'test/fixtures/', 'runs/', '.cache/', 'wasm/']),
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'tools/**/*.mjs', 'bench/**/*.mjs', 'examples/**/*.mjs'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // Numerical kernels transcribe published coefficients digit for digit (e.g. Cody's erf, 18 significant
      // digits); the digits beyond a double's precision are harmless and keep the source checkable.
      'no-loss-of-precision': 'off',
    },
  },
  {
    files: ['tools/**/*.mjs', 'bench/**/*.mjs', 'examples/**/*.mjs', 'eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
  {
    // This file itself: plain JS recommended rules only.
    files: ['eslint.config.js'],
    extends: [js.configs.recommended],
  },
]);
