import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests run the bundled action: build dist/ from the source first.
    globalSetup: ['test/support/build-action.ts'],
    // End-to-end tests spawn the bundled action; give them room on a busy machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
