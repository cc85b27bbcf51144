/**
 * Vitest global setup: builds the action and the CLI from the source with the project's own
 * build (scripts/package.mjs) into a temporary folder, so the end-to-end tests run the
 * bundles GitHub would run, never a stale one, and never write over the tracked dist/.
 * HEADROOM_E2E_BUILD=0 runs the tracked dist/ instead, when it is known to be current.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder holding the bundles under test: index.js (the action) and cli/index.js. */
    distDir: string;
  }
}

export default function setup(project: TestProject): (() => void) | void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  if (process.env.HEADROOM_E2E_BUILD === '0') {
    project.provide('distDir', join(root, 'dist'));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'headroom-dist-'));
  for (const args of [['scripts/generate-validators.mjs'], ['scripts/package.mjs', dir]]) {
    execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  project.provide('distDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
