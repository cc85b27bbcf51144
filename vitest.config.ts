import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the bundled action; give them room on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
