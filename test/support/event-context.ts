/**
 * The run's event as @actions/github reads it: a fresh toolkit Context built from these
 * runner variables and this payload (written to a file GITHUB_EVENT_PATH names), as plain
 * data. Tests use the toolkit's own reading, not a copy of it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context } from '@actions/github';
import { eventContext, type EventContext } from '../../src/action/inputs/context.js';

type Env = Readonly<Record<string, string | undefined>>;

const RUNNER_VARIABLES = [
  'GITHUB_EVENT_PATH',
  'GITHUB_EVENT_NAME',
  'GITHUB_SHA',
  'GITHUB_REF',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_SERVER_URL',
  'GITHUB_API_URL',
];

export function eventFrom(env: Env, payload: unknown = null): EventContext {
  const saved = Object.fromEntries(RUNNER_VARIABLES.map((k) => [k, process.env[k]]));
  const vars: Env = { ...env };
  if (payload !== null && payload !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'headroom-event-')), 'event.json');
    writeFileSync(file, JSON.stringify(payload));
    (vars as Record<string, string>).GITHUB_EVENT_PATH = file;
  }
  try {
    for (const k of RUNNER_VARIABLES) {
      if (vars[k] === undefined) delete process.env[k];
      else process.env[k] = vars[k];
    }
    const Context = context.constructor as new () => typeof context;
    return eventContext(new Context());
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
