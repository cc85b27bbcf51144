import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/**
 * Compares output with a golden file under test/golden. Run with UPDATE_GOLDEN=1 to write
 * the files anew, then review the diff before committing it.
 */
export function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`../golden/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(
      `golden file test/golden/${name} is missing; run the tests with UPDATE_GOLDEN=1`,
    );
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
