import * as core from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/shared/errors.js';
import { readSettings, type SettingsSource } from '../../../src/action/inputs/settings.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Inputs as the runner passes them, read with @actions/core as the action reads them. */
function source(
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): SettingsSource {
  for (const [name, value] of Object.entries(inputs)) {
    vi.stubEnv(`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value);
  }
  return {
    input: (name) => core.getInput(name),
    lines: (name) => core.getMultilineInput(name),
    env: { GITHUB_WORKSPACE: '/ws', RUNNER_TEMP: '/runner/tmp', ...env },
    cwd: '/somewhere',
    tmpdir: '/tmp',
  };
}

function usageError(inputs: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    readSettings(source(inputs, env));
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('settings', () => {
  it('has the documented defaults', () => {
    expect(readSettings(source())).toEqual({
      manifests: ['capacity.yml'],
      token: '',
      comment: 'update',
      failOn: 'fail',
      scenarios: [],
      reportPath: '/runner/tmp/headroom-report.json',
      postReport: null,
      workspace: '/ws',
      apiUrl: 'https://api.github.com',
      retryBaseMs: 1000,
      apiDeadlineMs: 300_000,
    });
  });

  it('accepts fail-on regression', () => {
    expect(readSettings(source({ 'fail-on': 'regression' })).failOn).toBe('regression');
  });

  it('reads every input', () => {
    const s = readSettings(
      source(
        {
          manifest: 'infra/a.yml\n  infra/**/capacity.yml  \n\n   \n!infra/old/**',
          'github-token': 'tok',
          comment: 'new',
          'fail-on': 'warn',
          scenario: 'standard, minimal\nideal',
          'report-path': 'out/report.json',
          'post-report': 'artifact/headroom-report.json',
        },
        {
          GITHUB_API_URL: 'https://ghe.example/api/v3/',
          HEADROOM_RETRY_BASE_MS: '5',
          HEADROOM_API_DEADLINE_MS: '750',
        },
      ),
    );
    expect(s).toMatchObject({
      manifests: ['infra/a.yml', 'infra/**/capacity.yml', '!infra/old/**'],
      token: 'tok',
      comment: 'new',
      failOn: 'warn',
      scenarios: ['standard', 'minimal', 'ideal'],
      reportPath: '/ws/out/report.json',
      postReport: '/ws/artifact/headroom-report.json',
      apiUrl: 'https://ghe.example/api/v3',
      retryBaseMs: 5,
      apiDeadlineMs: 750,
    });
  });

  it('falls back to the process directory and the system temp folder outside a runner', () => {
    const s = readSettings({
      input: () => '',
      lines: () => [],
      env: {},
      cwd: '/here',
      tmpdir: '/tmp',
    });
    expect(s.workspace).toBe('/here');
    expect(s.reportPath).toBe('/tmp/headroom-report.json');
  });

  it.each([
    [{ comment: 'sometimes' }, 'input "comment" must be one of update, new, off; got "sometimes"'],
    [
      { 'fail-on': 'error' },
      'input "fail-on" must be one of fail, warn, never, regression; got "error"',
    ],
    [
      { 'fail-on': 'x\u202Ey' },
      'input "fail-on" must be one of fail, warn, never, regression; got "x<U+202E>y"',
    ],
    [{ manifest: '/etc/capacity.yml' }, 'input "manifest": "/etc/capacity.yml" is absolute'],
    [{ manifest: 'C:\\capacity.yml' }, 'is absolute'],
    [{ manifest: '../other/capacity.yml' }, 'leads outside the repository'],
    [{ manifest: 'a/../../capacity.yml' }, 'leads outside the repository'],
    [{ manifest: '.git/config' }, 'points into the .git folder'],
    [{ manifest: '!**/old/**' }, 'only excludes'],
  ])('refuses %j', (inputs, message) => {
    expect(usageError(inputs)).toContain(message);
  });

  it('refuses a token that could not go into a request, saying why without quoting it', () => {
    const secret = 'ghp_abcdefghijklmnop0123456789ABCDEFGH';
    const cases: Array<[string, string]> = [
      [`${secret}\nsecond-line`, 'a line break (character 39 of 50)'],
      [`${secret.slice(0, 10)}\r\n${secret.slice(10)}`, 'a line break (character 11 of 40)'],
      [`token ${secret}`, 'a space (character 6 of 44)'],
      [`${secret}\u0007`, 'a control character (character 39 of 39)'],
      [`${secret}\u00e9`, 'a character outside ASCII (character 39 of 39)'],
    ];
    for (const [value, what] of cases) {
      const message = usageError({ 'github-token': value });
      expect(message).toBe(
        `input "github-token" holds ${what}, so it is not a token; give the token alone, such as \${{ github.token }} or \${{ secrets.NAME }}`,
      );
      expect(message).not.toContain(secret.slice(4, 12));
    }
    expect(readSettings(source({ 'github-token': `  ${secret}\n` })).token).toBe(secret);
    // action.yml's default as a local runner passes it, unexpanded: no token was given.
    expect(readSettings(source({ 'github-token': '${{ github.token }}' })).token).toBe('');
  });

  it('refuses a retry base that is not a small whole number', () => {
    for (const v of ['-1', '1.5', 'soon', '999999'])
      expect(usageError({}, { HEADROOM_RETRY_BASE_MS: v })).toContain('HEADROOM_RETRY_BASE_MS');
  });

  it('refuses an API deadline that is not a whole number of milliseconds up to an hour', () => {
    for (const v of ['0', '-5', '2.5', 'never', '3600001'])
      expect(usageError({}, { HEADROOM_API_DEADLINE_MS: v })).toBe(
        `HEADROOM_API_DEADLINE_MS must be a whole number of milliseconds from 1 to 3600000; got "${v}"`,
      );
  });
});
