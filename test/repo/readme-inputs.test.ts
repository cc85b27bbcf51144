/**
 * The README's inputs and outputs block is generated from action.yml; this fails when the
 * two drift apart (an input added, renamed or described anew without running the script).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/action-run.js';

function check(readme: string, action: string): { status: number; output: string } {
  try {
    const output = execFileSync(
      process.execPath,
      [join(ROOT, 'scripts/readme-inputs.mjs'), '--check', readme, action],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return { status: 0, output };
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return { status: err.status, output: err.stderr };
  }
}

describe('the README', () => {
  it('lists the inputs and outputs exactly as action.yml declares them', () => {
    expect(check(join(ROOT, 'README.md'), join(ROOT, 'action.yml'))).toMatchObject({
      status: 0,
    });
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of ['manifest', 'github-token', 'comment', 'fail-on', 'post-report'])
      expect(readme).toContain(`    ${name}: ''`);
  });

  it('fails the check when action.yml changes and the block does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'headroom-readme-'));
    copyFileSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
    const action = readFileSync(join(ROOT, 'action.yml'), 'utf8').replace(
      '  scenario:\n',
      '  timeout:\n    description: A new input.\n    required: false\n  scenario:\n',
    );
    writeFileSync(join(dir, 'action.yml'), action);
    const drifted = check(join(dir, 'README.md'), join(dir, 'action.yml'));
    expect(drifted.status).toBe(1);
    expect(drifted.output).toContain('the inputs and outputs block is not what action.yml gives');
  });
});
