/**
 * The action's inputs, read once into one typed object and checked here, so every other
 * part works with values that are already known to be good and a wrong input is answered
 * with the input's name, what it accepts and what it got. The inputs come through a
 * source (@actions/core's getInput and getMultilineInput in the action, a map in tests),
 * read when the run starts, never when a module is loaded.
 */
import { resolve } from 'node:path';
import { UsageError, oneOf } from '../../shared/errors.js';
import { visible } from '../../report/escape.js';
import { refusal } from '../../workspace/paths.js';
import { FAIL_ON, type FailOn } from '../../check/exit-status.js';

export type CommentMode = 'update' | 'new' | 'off';

export const COMMENT_MODES: readonly CommentMode[] = ['update', 'new', 'off'];

export const DEFAULT_MANIFEST = 'capacity.yml';
export const DEFAULT_REPORT_FILE = 'headroom-report.json';
/** Seconds GitHub asks us to wait become this many milliseconds each. */
export const DEFAULT_RETRY_BASE_MS = 1000;
/** How long all the GitHub API requests of a run may take together. */
export const DEFAULT_API_DEADLINE_MS = 5 * 60 * 1000;

export interface Settings {
  /** Workspace-relative paths and globs, in the order given; `!pattern` excludes. */
  manifests: string[];
  token: string;
  comment: CommentMode;
  failOn: FailOn;
  /** Only these scenarios; all when empty. */
  scenarios: string[];
  /** Absolute path of the JSON report to write. */
  reportPath: string;
  /** Absolute path of a report to post instead of checking anything; null to check. */
  postReport: string | null;
  /** Absolute path of the checked-out repository: manifests are read only inside it. */
  workspace: string;
  apiUrl: string;
  /**
   * Milliseconds per second of retry wait. GitHub's retry-after and the retry plugin's
   * back-off are in seconds; HEADROOM_RETRY_BASE_MS shrinks them so tests do not sleep.
   */
  retryBaseMs: number;
  /**
   * Milliseconds after which the run stops waiting for GitHub (HEADROOM_API_DEADLINE_MS;
   * five minutes unless set), so an API that does not answer cannot hang the check.
   */
  apiDeadlineMs: number;
}

export interface SettingsSource {
  /** An input by its action.yml name, trimmed, '' when unset. */
  input(name: string): string;
  /** A list input: its non-empty lines, each trimmed. */
  lines(name: string): string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Where the process runs: the workspace when GITHUB_WORKSPACE is not set. */
  cwd: string;
  /** The system temp folder, for the report when RUNNER_TEMP is not set. */
  tmpdir: string;
}

function quote(value: string): string {
  return `"${visible(value)}"`;
}

/** An input that takes one of a few words. */
function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  return oneOf(`input "${name}"`, value, allowed, quote(value));
}

/** Entries of a list input given one per line or separated by commas. */
function commaList(lines: readonly string[]): string[] {
  return lines
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function manifestPattern(entry: string): string {
  const negated = entry.startsWith('!');
  const body = negated ? entry.slice(1) : entry;
  if (body === '') throw new UsageError(`input "manifest" has an empty exclusion "!"`);
  const why = refusal(body);
  if (why === 'absolute') {
    throw new UsageError(
      `input "manifest": ${quote(entry)} is absolute; give paths relative to the repository root`,
    );
  }
  if (why === 'outside') {
    throw new UsageError(
      `input "manifest": ${quote(entry)} leads outside the repository; manifests are read only inside it`,
    );
  }
  if (why === 'git') {
    throw new UsageError(`input "manifest": ${quote(entry)} points into the .git folder`);
  }
  return entry;
}

/**
 * A workflow expression the runner did not expand (`${{ github.token }}`, action.yml's
 * default, as GitHub's local runner for actions passes it). The runner expands every
 * expression in `with:`, so this never reaches a workflow run; outside one it means that no
 * token was given, not a token with spaces in it.
 */
export function isUnexpanded(value: string): boolean {
  return /^\$\{\{[^\r\n]*\}\}$/.test(value);
}

/** What an unusable character in the token is, in words, so the message needs no part of it. */
function characterKind(c: string): string {
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === ' ' || c === '\t') return 'a space';
  if (c < ' ' || c === '\u007f') return 'a control character';
  return 'a character outside ASCII';
}

/**
 * A token is one line of printable ASCII (GitHub's are letters, digits and `_`). Anything
 * else cannot go into the request's Authorization header: the HTTP client refuses it on
 * every attempt, which the retries turned into a minute of waiting, and its error quoted the
 * header. So such a token is refused here, at once, as bad input, and its message says what
 * is wrong with it without any of its characters.
 */
function token(value: string): string {
  if (isUnexpanded(value)) return '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c > ' ' && c < '\u007f') continue;
    throw new UsageError(
      `input "github-token" holds ${characterKind(c)} (character ${i + 1} of ${value.length}), so it is not a token; give the token alone, such as \${{ github.token }} or \${{ secrets.NAME }}`,
    );
  }
  return value;
}

function milliseconds(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `${name} must be a whole number of milliseconds from ${min} to ${max}; got ${quote(value)}`,
    );
  }
  return n;
}

export function readSettings(src: SettingsSource): Settings {
  const workspace = resolve(src.env.GITHUB_WORKSPACE || src.cwd);
  const given = src.lines('manifest').filter((line) => line !== '');
  const manifests = (given.length > 0 ? given : [DEFAULT_MANIFEST]).map(manifestPattern);
  if (manifests.every((m) => m.startsWith('!'))) {
    throw new UsageError(`input "manifest" only excludes; name at least one manifest or glob`);
  }
  const reportInput = src.input('report-path');
  const tempDir = src.env.RUNNER_TEMP || src.tmpdir;
  const postInput = src.input('post-report');
  return {
    manifests,
    token: token(src.input('github-token')),
    comment: choice('comment', src.input('comment') || 'update', COMMENT_MODES),
    failOn: choice('fail-on', src.input('fail-on') || 'fail', FAIL_ON),
    scenarios: commaList(src.lines('scenario')),
    reportPath: reportInput
      ? resolve(workspace, reportInput)
      : resolve(tempDir, DEFAULT_REPORT_FILE),
    postReport: postInput ? resolve(workspace, postInput) : null,
    workspace,
    apiUrl: (src.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    retryBaseMs: milliseconds(
      'HEADROOM_RETRY_BASE_MS',
      src.env.HEADROOM_RETRY_BASE_MS,
      DEFAULT_RETRY_BASE_MS,
      0,
      60_000,
    ),
    apiDeadlineMs: milliseconds(
      'HEADROOM_API_DEADLINE_MS',
      src.env.HEADROOM_API_DEADLINE_MS,
      DEFAULT_API_DEADLINE_MS,
      1,
      3_600_000,
    ),
  };
}
