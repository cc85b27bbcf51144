/**
 * Vitest global setup: builds dist/ from the source with the project's own build
 * (`npm run package`), so the end-to-end tests run the bundle GitHub would run and never a
 * stale one. HEADROOM_E2E_BUILD=0 skips the build when dist/ is known to be current.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.HEADROOM_E2E_BUILD === '0') return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  for (const script of ['scripts/generate-validators.mjs', 'scripts/package.mjs']) {
    execFileSync(process.execPath, [script], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
