/**
 * The variables a compose project is interpolated with. As in `docker compose`, values
 * already in the environment win over the project's env files, and env files read later
 * win over earlier ones. On top of the process environment sit the variables the
 * manifest's compose entry gives in `env:`, so a check can pin the values it assumes.
 */
import type { Source } from '../shared/terms.js';
import type { FileReader } from '../workspace/reader.js';
import { parseDotenv } from './dotenv.js';
import type { Findings } from './located.js';
import type { Withheld } from './unset.js';

export type Env = ReadonlyMap<string, string>;

export interface EnvFile {
  /** Workspace-relative path. */
  path: string;
  /** Where the path was written (or implied), for a missing file. */
  from: Source;
  /** A project's own `.env` is optional; a file named explicitly is not. */
  required: boolean;
}

export interface EnvReadContext {
  reader: FileReader;
  findings: Findings;
  withheld?: Withheld;
}

export function shellEnvironment(
  processEnv: Readonly<Record<string, string | undefined>>,
  manifestEnv: ReadonlyMap<string, string> | undefined,
): Env {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env.set(k, v);
  for (const [k, v] of manifestEnv ?? []) env.set(k, v);
  return env;
}

/** `base` plus what the env files define, where `base` keeps the last word. */
export function withEnvFiles(base: Env, files: readonly EnvFile[], ctx: EnvReadContext): Env {
  const fromFiles = new Map<string, string>();
  for (const f of files) {
    if (!f.required && !ctx.reader.exists(f.path)) continue;
    const text = ctx.reader.read(f.path, f.from);
    parseDotenv(text, {
      file: f.path,
      lookup: (name) => base.get(name),
      findings: ctx.findings,
      defined: fromFiles,
      ...(ctx.withheld ? { withheld: ctx.withheld } : {}),
    });
  }
  const env = new Map(fromFiles);
  for (const [k, v] of base) env.set(k, v);
  return env;
}
