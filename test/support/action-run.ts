/**
 * Runs the bundled action (index.js of the build under test, see build-action.ts) the way the runner does: under Node 24, in the
 * workspace, with a clean environment of INPUT_* variables (action.yml's defaults filled
 * in, as the runner does), GITHUB_* variables, an event payload file, and fresh
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files; then reads back what the runner would:
 * the exit status, the outputs, the summary, and the workflow commands on stdout (with
 * stop-commands honoured, as the runner honours them).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { inject } from 'vitest';
import { TOKEN, type FakeGitHub } from './fake-github.js';
import { node24 } from './node24.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const REPO = 'acme/platform';
export const HEAD_SHA = 'a'.repeat(40);
export const BASE_SHA = 'b'.repeat(40);

export interface WorkflowCommand {
  name: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionResult {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Commands the runner would act on (not those inside stop-commands). */
  commands: WorkflowCommand[];
  /**
   * The commands but those that only frame the log: the token's `add-mask`, the debug line
   * with the settings, and the `group`/`endgroup` pair around each manifest's text report.
   * What a name in a file could make the runner do would show here.
   */
  acting: WorkflowCommand[];
  /** Error, warning and notice annotations, without the step's closing failure message. */
  annotations: WorkflowCommand[];
  /** The message the step failed with (core.setFailed), or null when it did not fail. */
  failure: string | null;
  workspace: string;
}

export interface RunOptions {
  workspace: string;
  inputs?: Record<string, string>;
  event?: { name: string; payload: unknown };
  api?: FakeGitHub;
  env?: Record<string, string>;
  /** Leave GITHUB_OUTPUT / GITHUB_STEP_SUMMARY unset, as on a runner without them. */
  noOutputFile?: boolean;
  noSummaryFile?: boolean;
  /** Run this bundle instead of the action's index.js. */
  entry?: string;
}

/** A temporary checkout holding these files. */
export function makeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The folder of the bundles under test (a fresh build, or dist/ with HEADROOM_E2E_BUILD=0). */
export function distDir(): string {
  return inject('distDir');
}

export function seedManifest(): string {
  return readFileSync(join(ROOT, 'examples/seed/capacity.yml'), 'utf8');
}

/** A pull_request payload shaped like GitHub's (the fields the action and toolkit read). */
export function pullRequestEvent(
  options: { number?: number; headSha?: string; baseSha?: string; fork?: boolean } = {},
): { name: string; payload: unknown } {
  const number = options.number ?? 7;
  const [owner, name] = REPO.split('/') as [string, string];
  const headRepo = options.fork ? `contributor/${name}` : REPO;
  const repo = (full: string) => ({
    id: full.length,
    name: full.split('/')[1],
    full_name: full,
    owner: { login: full.split('/')[0], type: 'User' },
    fork: full !== REPO,
    private: false,
  });
  return {
    name: 'pull_request',
    payload: {
      action: 'synchronize',
      number,
      pull_request: {
        number,
        state: 'open',
        title: 'Add the AI services',
        html_url: `https://github.com/${REPO}/pull/${number}`,
        user: { login: 'contributor', type: 'User' },
        head: {
          ref: 'feature',
          sha: options.headSha ?? HEAD_SHA,
          repo: repo(headRepo),
          user: { login: headRepo.split('/')[0] },
        },
        base: {
          ref: 'main',
          sha: options.baseSha ?? BASE_SHA,
          repo: repo(REPO),
          user: { login: owner },
        },
      },
      repository: repo(REPO),
      sender: { login: 'contributor', type: 'User' },
    },
  };
}

/** The workflow_run payload a poster workflow receives after a pull_request run. */
export function workflowRunEvent(options: { headSha?: string; pullRequests?: number[] } = {}): {
  name: string;
  payload: unknown;
} {
  return {
    name: 'workflow_run',
    payload: {
      action: 'completed',
      workflow_run: {
        id: 4242,
        name: 'capacity',
        event: 'pull_request',
        status: 'completed',
        conclusion: 'failure',
        head_sha: options.headSha ?? HEAD_SHA,
        head_branch: 'feature',
        head_repository: { full_name: 'contributor/platform' },
        pull_requests: (options.pullRequests ?? []).map((n) => ({ number: n })),
      },
      repository: { full_name: REPO },
    },
  };
}

function actionDefaults(): Record<string, string> {
  const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    out[name] = String(spec.default ?? '').replace('${{ github.token }}', TOKEN);
  }
  return out;
}

export async function runAction(options: RunOptions): Promise<ActionResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'headroom-runner-'));
  const outputFile = join(scratch, 'output');
  const summaryFile = join(scratch, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const event = options.event ?? { name: 'push', payload: { ref: 'refs/heads/main' } };
  const eventFile = join(scratch, 'event.json');
  // A string is written as it is: a payload the runner could not have written.
  writeFileSync(
    eventFile,
    typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload),
  );

  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    RUNNER_TEMP: scratch,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: REPO,
    GITHUB_SHA: 'c'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '99',
    GITHUB_API_URL: options.api?.url ?? 'http://127.0.0.1:9',
    // Retry waits in milliseconds instead of seconds, so faults do not stall the tests.
    HEADROOM_RETRY_BASE_MS: '5',
    ...(options.noOutputFile ? {} : { GITHUB_OUTPUT: outputFile }),
    ...(options.noSummaryFile ? {} : { GITHUB_STEP_SUMMARY: summaryFile }),
    ...options.env,
  };
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...options.inputs })) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }

  const child = spawn(node24(), [options.entry ?? join(distDir(), 'index.js')], {
    cwd: options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const commands = parseCommands(stdout);
  const token = env['INPUT_GITHUB-TOKEN'];
  const framing = (c: WorkflowCommand) =>
    (c.name === 'add-mask' && c.message === token) ||
    (c.name === 'debug' && c.message.startsWith('settings: {')) ||
    (c.name === 'group' && c.message.startsWith('headroom report: ')) ||
    (c.name === 'endgroup' && c.message === '');
  // core.setFailed is an error without properties, the last command of a failed step.
  const last = commands.at(-1);
  const failed =
    last?.name === 'error' && Object.keys(last.properties).length === 0 ? last : undefined;
  const acting = commands.filter((c) => !framing(c) && c !== failed);
  return {
    status,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands,
    acting,
    annotations: acting.filter((c) => ['error', 'warning', 'notice'].includes(c.name)),
    failure: failed?.message ?? null,
    workspace: options.workspace,
  };
}

/**
 * The log as the runner shows it: a line asking it to mask a value (`add-mask`) is acted
 * on, not printed. (The runner would also show a masked value as `***` wherever it is
 * printed later; that is not done here, so tests still see a secret headroom printed.)
 */
export function shownLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => !line.trim().startsWith('::add-mask::'))
    .join('\n');
}

function unescape(value: string, property: boolean): string {
  let out = value.replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  if (property) out = out.replace(/%3A/g, ':').replace(/%2C/g, ',');
  return out.replace(/%25/g, '%');
}

/** Workflow commands as the runner reads them from the log, stop-commands included. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let resumeToken: string | null = null;
  for (const raw of stdout.split('\n')) {
    const line = raw.trimStart();
    if (resumeToken !== null) {
      if (line.trimEnd() === `::${resumeToken}::`) resumeToken = null;
      continue;
    }
    const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true);
    }
    const message = unescape(m[3] ?? '', false);
    if (m[1] === 'stop-commands') {
      resumeToken = message;
      continue;
    }
    commands.push({ name: m[1]!, properties, message });
  }
  return commands;
}

/** GITHUB_OUTPUT as the runner reads it: `name<<DELIMITER` blocks and `name=value` lines. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`output ${name} has no closing delimiter`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`unreadable line in GITHUB_OUTPUT: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
