/**
 * A short, seeded run of the fuzzer (npm run fuzz runs thousands of cases; see
 * CONTRIBUTING.md): every failure class it meets must be listed in test/fuzz/KNOWN.md, and
 * a fair share of its cases must get through validation into the model.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fuzz } from './fuzz.mjs';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the fuzzer', () => {
  it('meets no failure that KNOWN.md does not list, in 200 seeded cases', async () => {
    const result = await fuzz({
      cases: 200,
      seed: 20261201,
      workers: 2,
      repeatEvery: 3,
      coldEvery: 40,
      shrinkSeconds: 0,
      quiet: true,
      dist: inject('distDir'),
    });
    const unknown = [...result.classes]
      .filter(([, e]) => !e.known)
      .map(([cls, e]) => `${cls}: npm run fuzz -- --seed ${result.seed} --replay ${e.first}`);
    expect(unknown).toEqual([]);
    const finished = (result.statuses?.get('exit 0') ?? 0) + (result.statuses?.get('exit 1') ?? 0);
    expect(finished).toBeGreaterThan(40);
  }, 180_000);

  it('starts from seeds that are valid as they stand', () => {
    for (const seed of ['rollout', 'compose-stack', 'ports', 'binary-units']) {
      const manifest = join('test', 'fuzz', 'seeds', seed, 'capacity.yml');
      let status = 0;
      try {
        execFileSync(
          process.execPath,
          [join(inject('distDir'), 'cli', 'index.js'), 'check', manifest],
          {
            cwd: ROOT,
            stdio: 'pipe',
          },
        );
      } catch (e) {
        status = (e as { status: number }).status;
      }
      expect({ seed, status }).toEqual({ seed, status: expect.toBeOneOf([0, 1]) });
    }
  });
});
