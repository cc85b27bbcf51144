import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersConfig } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'src/generated/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...layersConfig,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'vitest.config.ts', 'eslint.layers.d.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    rules: {
      // A function a reader can hold, a file with one job: past these, split it, or say at
      // the file's top why it must be longer and raise the limit there alone.
      'max-lines-per-function': ['error', { max: 100 }],
      'max-lines': ['error', { max: 400 }],
    },
  },
  {
    // Tests parse JSON and read fixtures into `any` on purpose; what type information must
    // catch there is a promise nobody awaits, which lets an assertion pass unrun.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' },
    },
    rules: {
      // Matching control characters is how we make them visible in names and messages.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The pure core must not reach the outside world: IO belongs to the entry points.
    files: [
      'src/shared/**',
      'src/model/**',
      'src/units/**',
      'src/validation/**',
      'src/report/**',
      'src/manifest/**',
      'src/yaml/**',
      'src/compose/**',
      'src/action/render/**',
      'src/action/report/**',
      // The snapshot's parsers and reader; its collecting shell is src/snapshot/collect.
      'src/snapshot/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'child_process',
            'node:child_process',
            'http',
            'node:http',
            'https',
            'node:https',
            '@actions/core',
            '@actions/github',
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch'],
    },
  },
);
