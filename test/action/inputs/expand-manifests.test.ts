import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandManifests, isPattern } from '../../../src/action/inputs/expand-manifests.js';
import { UsageError } from '../../../src/shared/errors.js';
import { makeWorkspace } from '../../support/action-run.js';

const ws = () =>
  makeWorkspace({
    'capacity.yml': 'x',
    'infra/eu/capacity.yml': 'x',
    'infra/us/capacity.yml': 'x',
    'infra/old/capacity.yml': 'x',
    'node_modules/pkg/capacity.yml': 'x',
    '.git/capacity.yml': 'x',
    '.hidden/capacity.yml': 'x',
  });

describe('the manifest input', () => {
  it('keeps plain paths as written, without touching the disk', async () => {
    expect(await expandManifests(['missing.yml', 'capacity.yml'], '/nonexistent')).toEqual([
      'missing.yml',
      'capacity.yml',
    ]);
  });

  it('lists one file named two ways once, under one spelling', async () => {
    expect(
      await expandManifests(
        ['capacity.yml', './capacity.yml', 'infra//eu/./capacity.yml', 'infra\\eu\\capacity.yml'],
        '/nonexistent',
      ),
    ).toEqual(['capacity.yml', 'infra/eu/capacity.yml']);
    expect(
      await expandManifests(
        ['./infra/eu/capacity.yml', './infra/*/capacity.yml', '!./infra/old/**'],
        ws(),
      ),
    ).toEqual(['infra/eu/capacity.yml', 'infra/us/capacity.yml']);
  });

  it('expands globs in a stable order, never into node_modules, .git or hidden folders', async () => {
    expect(await expandManifests(['**/capacity.yml'], ws())).toEqual([
      'capacity.yml',
      'infra/eu/capacity.yml',
      'infra/old/capacity.yml',
      'infra/us/capacity.yml',
    ]);
  });

  it('applies exclusions and lists each manifest once', async () => {
    expect(
      await expandManifests(
        ['infra/us/capacity.yml', 'infra/*/capacity.yml', '!infra/old/**'],
        ws(),
      ),
    ).toEqual(['infra/us/capacity.yml', 'infra/eu/capacity.yml']);
  });

  it('does not follow symbolic links out of the workspace', async () => {
    const outside = makeWorkspace({ 'capacity.yml': 'secret' });
    const dir = ws();
    mkdirSync(join(dir, 'linked'));
    symlinkSync(outside, join(dir, 'linked', 'out'));
    const found = await expandManifests(['linked/**/*.yml'], dir).catch((e: unknown) => e);
    expect(found).toBeInstanceOf(UsageError);
  });

  it('says which pattern matched nothing', async () => {
    await expect(expandManifests(['deploy/**/capacity.yml'], ws())).rejects.toThrow(
      'input "manifest": no file matches "deploy/**/capacity.yml"',
    );
  });

  it('tells patterns from paths', () => {
    expect(['a.yml', 'dir/a.yml', 'a-b_c.yml'].map(isPattern)).toEqual([false, false, false]);
    expect(['*.yml', 'a/**/b.yml', 'a?.yml', '{a,b}.yml', '!a.yml'].map(isPattern)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
