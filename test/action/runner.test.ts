import { describe, expect, it } from 'vitest';
import { createRunner } from '../../src/action/runner.js';
import { parseCommands, parseOutputFile } from '../support/action-run.js';

function fixture(env: Record<string, string> = {}) {
  let stdout = '';
  const files: Record<string, string> = {};
  let n = 0;
  const runner = createRunner({
    env,
    stdout: (t) => (stdout += t),
    token: () => `token${++n}`,
    appendFile: (path, text) => {
      if (path === '/readonly') throw Object.assign(new Error('no'), { code: 'EACCES' });
      files[path] = (files[path] ?? '') + text;
    },
  });
  return { runner, files, stdout: () => stdout };
}

describe('the runner', () => {
  it('writes outputs as the runner reads them', () => {
    const f = fixture({ GITHUB_OUTPUT: '/out' });
    expect(f.runner.setOutput('verdict', 'fail')).toBe(true);
    expect(f.runner.setOutput('report', '/tmp/a b.json')).toBe(true);
    expect(parseOutputFile(f.files['/out']!)).toEqual({ verdict: 'fail', report: '/tmp/a b.json' });
  });

  it('warns once, and goes on, when GITHUB_OUTPUT is not set', () => {
    const f = fixture();
    expect(f.runner.setOutput('a', '1')).toBe(false);
    expect(f.runner.setOutput('b', '2')).toBe(false);
    expect(parseCommands(f.stdout())).toEqual([
      {
        name: 'warning',
        properties: { title: 'headroom' },
        message: 'GITHUB_OUTPUT is not set, so the outputs cannot be written',
      },
    ]);
  });

  it('warns when the summary file cannot be written', () => {
    const f = fixture({ GITHUB_STEP_SUMMARY: '/readonly' });
    expect(f.runner.appendSummary('# x')).toBe(false);
    expect(parseCommands(f.stdout())[0]!.message).toBe(
      'the job summary could not be written to the file GITHUB_STEP_SUMMARY names (EACCES)',
    );
  });

  it('prints user text with commands switched off, so none of its lines acts', () => {
    const f = fixture();
    f.runner.verbatim('service:\n::set-output name=verdict::pass\n::error::boom');
    expect(f.stdout()).toBe(
      '::stop-commands::token1\nservice:\n::set-output name=verdict::pass\n::error::boom\n::token1::\n',
    );
    expect(parseCommands(f.stdout())).toEqual([]);
  });

  it('keeps its own log lines on one line', () => {
    const f = fixture();
    f.runner.info('a\n::error::b');
    f.runner.annotate('warning', 'x\ny', { file: 'a,b:c.yml', line: 2 });
    expect(f.stdout().split('\n')).toHaveLength(3);
    expect(parseCommands(f.stdout())).toEqual([
      { name: 'warning', properties: { file: 'a,b:c.yml', line: '2' }, message: 'x<U+000A>y' },
    ]);
  });

  it('reads inputs as the runner passes them', () => {
    const f = fixture({ 'INPUT_FAIL-ON': ' warn\n' });
    expect(f.runner.input('fail-on')).toBe('warn');
    expect(f.runner.input('scenario')).toBe('');
  });
});
