/**
 * The action from its TypeScript source under GitHub's local runner, @github/local-action,
 * as a maintainer would run it: `npx @github/local-action run . src/main.ts .env`. The
 * runner stubs @actions/core and @actions/github, so this shows that every output and the
 * job summary go through the toolkit.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/action-run.js';

const SCRATCH = join(ROOT, '.tmp', 'local-action');

function localAction(): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['--no-install', '@github/local-action', 'run', '.', 'src/main.ts', '.env'],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ status: typeof code === 'number' ? code : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe('@github/local-action', () => {
  it('runs the check on the example and shows every output and the summary', async () => {
    rmSync(SCRATCH, { recursive: true, force: true });
    const { status, output } = await localAction();

    expect(status).toBe(0);
    expect(output).not.toContain('No outputs were set');
    const outputs = Object.fromEntries(
      [
        ...output
          .slice(output.indexOf('Action Outputs'))
          .matchAll(/│\s*\d+\s*│\s*'([a-z-]+)'\s*│\s*'([^']*)'\s*│/g),
      ].map((m) => [m[1], m[2]]),
    );
    expect(outputs).toEqual({
      verdict: 'fail',
      report: join(SCRATCH, 'headroom-report.json'),
      'min-headroom': '-9.72',
      'comment-url': '',
    });
    expect(existsSync(outputs.report!)).toBe(true);
    const summary = readFileSync(join(SCRATCH, 'summary.md'), 'utf8');
    expect(summary.startsWith('## ❌ headroom: fail — the planned services do not fit')).toBe(true);
    expect(summary).toContain('| `standard` | ❌ fail | memory on `tencent-lh` | -350 MB (-9.7%)');
    expect(output).toContain('headroom: fail (fail-on: never), exit status 0');
  }, 120_000);
});
