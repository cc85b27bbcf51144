/** Shared fixtures: a manifest listing compose files, read through an in-memory workspace. */
import { folderOf } from '../../src/compose/file-paths.js';
import { loadProject } from '../../src/compose/load-project.js';
import { Findings } from '../../src/compose/located.js';
import { toPlain } from '../../src/compose/node.js';
import { readComposeProjects } from '../../src/compose/read-projects.js';
import { InputError } from '../../src/shared/errors.js';
import { parseManifest } from '../../src/manifest/parse.js';
import type { ComposeInput } from '../../src/model/build.js';
import type { ServiceSpec } from '../../src/model/types.js';
import { memoryReader } from '../../src/workspace/reader.js';

export const MANIFEST = 'capacity.yml';

/** A manifest whose `compose:` section is the given YAML (indented under `compose:`). */
export function manifestText(compose: string): string {
  return `version: 1\nhosts:\n  h: { memory: 4GB, cpus: 4 }\ncompose:\n${compose}\n`;
}

export function readCompose(
  files: Record<string, string>,
  compose = '  - compose.yml',
  env: Record<string, string | undefined> = {},
): ComposeInput {
  const manifest = parseManifest(manifestText(compose), MANIFEST);
  return readComposeProjects(manifest, { reader: memoryReader(files), env });
}

export function service(input: ComposeInput, name: string): ServiceSpec {
  const s = input.services.find((x) => x.name === name);
  if (!s) throw new Error(`no service ${name} in ${input.services.map((x) => x.name).join(', ')}`);
  return s;
}

/** Runs `fn` and returns the InputError it throws, failing when it does not throw one. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

export function memory(s: ServiceSpec): { low: number; high: number } | undefined {
  if (s.memory?.kind !== 'figure') return undefined;
  return { low: s.memory.figure.low, high: s.memory.figure.high };
}

export function cpus(s: ServiceSpec): { low: number; high: number } | undefined {
  if (s.cpus?.kind !== 'figure') return undefined;
  return { low: s.cpus.figure.low, high: s.cpus.figure.high };
}

/** The merged project tree of `paths` (plain data), for rules the model does not show. */
export function loadPlain(
  files: Record<string, string>,
  paths: string[],
  env: Record<string, string> = {},
): { plain: Record<string, unknown>; findings: Findings } {
  const findings = new Findings();
  const from = { file: MANIFEST, line: 1, column: 1 };
  const root = loadProject(
    paths.map((path) => ({ path, from })),
    {
      reader: memoryReader(files),
      findings,
      env: new Map(Object.entries(env)),
      baseDir: folderOf(paths[0]!),
      includeChain: [],
      bases: new Map(),
    },
  );
  return { plain: toPlain(root) as Record<string, unknown>, findings };
}

/** `services.<name>` of a plain project tree. */
export function plainService(
  plain: Record<string, unknown>,
  name: string,
): Record<string, unknown> {
  return (plain.services as Record<string, Record<string, unknown>>)[name]!;
}
