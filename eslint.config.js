import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersConfig } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'src/generated/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...layersConfig,
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
